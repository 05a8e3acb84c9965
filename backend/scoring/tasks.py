"""Celery tasks of the scoring app (beat runs ``scoring.refresh_scores`` at scale)."""
from backend.celery import app

from .services import scores_refresh


@app.task(name="scoring.refresh_scores", ignore_result=True)
def refresh_scores():
    """Beat job (every 5 minutes, like the deadline scan): stored scores catch up with time."""
    return scores_refresh()
