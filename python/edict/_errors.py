"""The exceptions of the edict package. A policy that does not load raises PolicyError with the
compiler's diagnostics; a case that cannot be decided raises CaseError naming the input at
fault; a host mistake (an output name the policy does not have) raises UsageError."""
from ._core import UsageError  # noqa: F401  (a ValueError raised by the C++ layer)


class EdictError(Exception):
    """Base class of the errors Edict raises about policies and cases."""


class PolicyError(EdictError):
    """The policy does not load: the message holds every diagnostic rendered with its source line;
    .diagnostics holds them as Diagnostic objects (file, line, column, code, message)."""

    def __init__(self, message, diagnostics=()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class CaseError(EdictError, ValueError):
    """A case that cannot be decided. .input names the input at fault (None when the case as a
    whole is wrong); .message says what is wrong, with the rule chain and its source location
    when evaluation had started."""

    def __init__(self, message, input=None):
        super().__init__(message if input is None else f"{message}")
        self.message = message
        self.input = input
