"""Who may see and do what: users and roles, passwords, API tokens, console sessions, case scope.

Uses core/ and store/ only, so every stage above (handling, stats, web, cli) can ask it. The web's
enforcement (the deny-by-default middleware, CSRF, the login page) lives in :mod:`monitor.web.auth`;
this package holds the rules and the records. See ``docs/console.md`` (Accounts and roles).
"""

from monitor.access.scope import Principal, principal_for
from monitor.access.users import ROLES, AccessError

__all__ = ["ROLES", "AccessError", "Principal", "principal_for"]
