"""changemap: a knowledge graph of stakeholders, engagements and pivotal moments
built from qualitative research material."""

__version__ = "0.1.0"
