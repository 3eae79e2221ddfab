"""The web face of the daemon: /healthz, /metrics, the JSON API and the operators' console.

Uses every stage package and the read models; never runtime/: the daemon mounts this package, not the reverse.
"""

from monitor.web.api import setup_web
from monitor.web.context import WebContext

__all__ = ["WebContext", "setup_web"]
