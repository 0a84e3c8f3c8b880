"""Pure domain rules: enums, value checks and errors. Standard library only."""
