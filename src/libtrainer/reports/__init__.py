"""Reports: aggregate queries, exports (xlsx, pdf, csv, json) and printables."""
