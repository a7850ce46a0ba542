"""Services between the headless core and the front ends: they run core work for a front end."""
