"""The web face of the daemon: /healthz, /metrics, the JSON API and the operators' console.

Uses every stage package and the read models; never runtime/: the daemon mounts this package, not the reverse.
"""
