"""The main window's panels: one widget per panel, each refreshing from session events."""
