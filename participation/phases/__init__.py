"""Phases of the evening: the run sheet's state machine (start a step, move on, timers,
the reveal) and the one rule of what the room may do and see in the step running now.
Pages for the run sheet (editor, console controls, remote) are the ``runsheet`` feature."""
