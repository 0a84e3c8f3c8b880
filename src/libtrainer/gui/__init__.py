"""The Qt (PySide6) app: the only package of libtrainer that imports Qt.

Widgets never touch the store: every call into the core goes through
:mod:`libtrainer.gui.operations`, which runs it on a worker thread and delivers the result back
on the GUI thread. Screens are imported lazily so the window appears before the core is loaded.
"""
