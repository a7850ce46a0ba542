"""Widgets shared by the practice screens: status bar, countdown, score rendering."""
