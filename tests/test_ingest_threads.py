"""Two sources' polls ingest through one pipeline at once (both backends).

In the daemon every pull source's poll runs ``Pipeline.ingest`` in a worker thread
(``asyncio.to_thread``), all through the same pipeline and the same :class:`CoreStages`. What a
batch remembers about itself until it ends (the cases replied to in it, its backfilled risks, its
repliers' recent replies) must stay that batch's: another source's batch ending in between may
not clear it, nor consume it.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.intake.pipeline import IngestReport, Pipeline
from monitor.runtime.stages import CoreStages
from monitor.store.context import App
from monitor.store.models import Case, CaseEvent
from test_risk_pipeline import CITIZEN, STREET, _street_uid, app, live  # noqa: F401 (app: a fixture)
from tests.factories import comment, status


class PauseAfterReply(CoreStages):
    """The production stages, held still in one thread right after a reply's stage has run.

    That is the moment, inside one batch, when the daemon's other worker threads go on: another
    source's poll can finish a whole batch there. Nothing of the stages is replaced.
    """

    def __init__(self, app: App, thread: str) -> None:
        super().__init__(app)
        self.thread = thread
        self.paused, self.go = threading.Event(), threading.Event()

    def on_event(self, session: Session, case: Case, event: CaseEvent) -> None:
        super().on_event(session, case, event)
        if event.kind == "reply" and threading.current_thread().name == self.thread:
            self.paused.set()
            assert self.go.wait(30), "the test never let the paused batch go on"


def test_feedback_after_a_reply_survives_another_sources_batch_ending_meanwhile(app: App) -> None:
    """The street's poll brings its reply and the citizen's 问题已经解决了 in one batch; the hub's
    poll finishes a batch in between. The follow-up is still read as feedback on the reply: the
    reply is known to the batch alone (its clocks are recomputed at the batch's end), and the
    hub's batch ending used to forget it for both."""
    stages = PauseAfterReply(app, thread="street")
    pipeline = Pipeline(app.sessions, app.matrix, stages=stages,
                        batch_size=app.config.settings.database.batch_size,
                        limits=app.config.settings.intake)
    street_uid = _street_uid(app)
    post = live(status("700", CITIZEN, "@兴庆区文化街街道 小区东门的路灯坏了一个月了", 0, mentions=(STREET,)))
    pipeline.ingest([post])  # the case is open, not answered yet

    reports: dict[str, IngestReport] = {}
    street = threading.Thread(name="street", target=lambda: reports.update(street=pipeline.ingest([
        live(comment("800", street_uid, "您好，已安排社区电工今天维修东门路灯。", 30, on="700",
                     on_author=CITIZEN, name=STREET)),
        live(comment("801", CITIZEN, "问题已经解决了，谢谢你们！", 60, on="700", on_author=CITIZEN,
                     reply_to="800")),
    ])))
    hub = threading.Thread(name="hub", target=lambda: reports.update(hub=pipeline.ingest([post])))
    street.start()
    try:
        assert stages.paused.wait(30), "the street's batch never reached its reply"
        hub.start()  # the hub's source polls the post again: a whole batch, begun and ended
        hub.join(30)
        assert reports["hub"].duplicates == 1 and reports["hub"].batches == 1
    finally:
        stages.go.set()
        street.join(30)
    assert reports["street"].events == 2

    with app.sessions() as s:
        case = s.scalars(select(Case).where(Case.root_external_id == "700")).one()
        feedback = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                     CaseEvent.kind == "feedback")).all()
    assert case.satisfaction == "satisfied"
    assert [e.data["label"] for e in feedback] == ["satisfied"]
