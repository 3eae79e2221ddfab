"""Mass appeals: one problem at one place, many citizens — clusters, chasers and 同问.

Uses core/, store/, classify/ (the classifier's index and results), route/ (reassigning to the
cluster's handlers), handling/ (queue, replies), notify/; used by runtime/ (the pipeline stage),
stats/, report/, web/ and cli/. Never imported by intake/: the pipeline reaches it through
:class:`monitor.intake.pipeline.Stages`.
"""

from monitor.cluster.joining import ClusterStage
from monitor.cluster.signature import Signature, SignatureMaker

__all__ = ["ClusterStage", "Signature", "SignatureMaker"]
