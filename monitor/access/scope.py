"""What a signed-in user may see: the whole matrix, or the cases of one account (and its subtree).

The rule (issue 11): an admin or an operator sees every case; a member sees a case when one of its
accounts is an *active* lead or co-handler of it; a viewer sees no case at all (statistics and
bulletins only, no citizen's text). Every read that lists or opens cases goes through
:meth:`Principal.scoped` or :meth:`Principal.sees_case`, so the console, the API and exports
cannot disagree about who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from monitor.core.config import Matrix
from monitor.core.types import Actor
from monitor.store.models import Account, Assignment, Case, User

Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]

WHOLE_MATRIX = ("admin", "operator")


def account_subtree(session: Session, account_id: str, matrix: Matrix | None = None) -> set[str]:
    """The account and every account below it; empty when the account is unknown.

    From the loaded matrix when it has the account, else a recursive query over ``accounts`` (which
    also keeps accounts that left the config but still own history).
    """
    if matrix is not None and account_id in matrix.by_id:
        return set(matrix.subtree(account_id))
    base = select(Account.id).where(Account.id == account_id).cte("sub", recursive=True)
    tree = base.union_all(select(Account.id).where(Account.parent_id == base.c.id))
    return set(session.scalars(select(tree.c.id)))


@dataclass(frozen=True)
class Principal:
    """The authenticated user of one request, with the accounts whose cases they may see.

    ``accounts`` is None for the whole matrix (admin, operator) and empty for a viewer.
    """

    user_id: int
    name: str
    role: str
    account_id: str | None = None
    accounts: frozenset[str] | None = None

    @property
    def whole_matrix(self) -> bool:
        return self.accounts is None

    @property
    def sees_cases(self) -> bool:
        """False for a viewer: no case lists, no citizen's text."""
        return self.accounts is None or bool(self.accounts)

    @property
    def actor(self) -> Actor:
        """How actions by this user are recorded on a case's timeline."""
        return Actor(self.name, self.user_id, self.account_id if self.role == "member" else None)

    def may_use_account(self, account_id: str) -> bool:
        """Whether the user may act *as* this account (claim for it, reply as it)."""
        return self.accounts is None or account_id in self.accounts

    def scoped(self, query: Q) -> Q:
        """``query`` (a select over ``Case`` or joined to it) narrowed to the cases the user sees."""
        if self.accounts is None:
            return query
        return query.where(Case.id.in_(
            select(Assignment.case_id).where(Assignment.account_id.in_(sorted(self.accounts)),
                                             Assignment.active.is_(True))))

    def sees_case(self, session: Session, case_id: int) -> bool:
        """Whether the case exists *and* is in scope (callers answer 404 either way: ids do not leak)."""
        found = session.scalar(self.scoped(select(Case.id).where(Case.id == case_id)))
        return found is not None


def principal_for(session: Session, user: User, matrix: Matrix | None = None) -> Principal:
    """The :class:`Principal` of a user row: their scope resolved against the matrix now."""
    if user.role in WHOLE_MATRIX:
        accounts: frozenset[str] | None = None
    elif user.role == "member" and user.account_id:
        ids = account_subtree(session, user.account_id, matrix) if user.subtree else {user.account_id}
        accounts = frozenset(ids or {user.account_id})
    else:
        accounts = frozenset()
    return Principal(user.id, user.name, user.role, user.account_id, accounts)
