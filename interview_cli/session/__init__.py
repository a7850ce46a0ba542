"""The practice session: picking, clock, recording, the state machine, summary, resume."""
