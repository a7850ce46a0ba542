"""interview-cli: offline mock interviews in the terminal."""

__version__ = "0.1.0"
APP_NAME = "interview-cli"
