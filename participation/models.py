"""Imports every feature's models, so SQLAlchemy's metadata (create_all, Alembic) sees them all."""

from .auth.models import Moderator  # noqa: F401
from .core.site_settings import SiteSetting  # noqa: F401
from .events.models import Event  # noqa: F401
from .focus_groups.models import FocusLink  # noqa: F401
from .ideas.models import Idea, IdeaRevision, Participant, Vote  # noqa: F401
from .imports.models import PendingImport  # noqa: F401
from .limits.models import RateCounter  # noqa: F401
from .measures.models import Measure, MeasureMilestone  # noqa: F401
from .processes.models import Process, ProcessField  # noqa: F401
from .choices.models import ProjectBallot, ProjectCandidate, ProjectChoice  # noqa: F401
from .workshops.models import Field, Group, Question, RunStep, SavedTemplate, Workshop  # noqa: F401
