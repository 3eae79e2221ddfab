"""Threading: which case does a new item belong to, and what does it mean for that case?

The rules follow how 问政 works on Weibo (seed 003):

* a citizen's post that @-mentions a member account, or a citizen's top-level comment on a member
  account's own post, **opens a case** (one case per citizen appeal, even when many citizens
  comment under the same post); so does an item that is an appeal by its nature (``Item.appeal``:
  a work order, a message to an official account, a matched media article);
* the same citizen writing again in that thread is a **follow-up**; another citizen writing there is
  a **comment** on the case (kept on the timeline, it does not open a second case) — unless they
  address a member account themselves (同问 @问政银川 under the post, a repost of it to the hub):
  that is their own appeal, a case of their own, which clustering joins to the first one's cluster;
* a member account writing in the thread is a **reply** on the case, counted at its platform time;
* an item whose thread we have not seen yet (a reply polled before the comment it answers) is kept
  as an *orphan* mention and adopted when its thread's case is created, so ordering between
  streams never loses a reply.

The decisions here are pure (no I/O): :class:`Threader` works on an in-memory view of the batch
and of the rows the ingest pipeline preloaded for it. That keeps the rules testable and the
pipeline to a handful of queries per batch instead of several per item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from monitor.cluster.markers import opens_new_matter
from monitor.core.config import Matrix
from monitor.core.types import Item

Role = Literal["citizen", "member"]
Action = Literal["open", "follow_up", "comment", "reply", "orphan", "member_post"]


def action_in_case(role: str, author_id: str, citizen_id: str | None) -> Action:
    """What an item in an open case's thread is on its timeline: a member's reply, the citizen's
    own follow-up, or anyone else's comment (also for an orphan adopted later)."""
    if role == "member":
        return "reply"
    return "follow_up" if author_id == citizen_id else "comment"


@dataclass
class ThreadRef:
    """What is known about a stored or just-decided item: its thread root and case."""

    root: str
    case_key: str | None  # the root external id of its case, when it belongs to one


@dataclass
class Decision:
    """What to do with one new item."""

    item: Item
    role: Role
    account_id: str | None  # the member account that wrote it
    action: Action
    root: str  # thread root external id
    case_key: str | None  # root_external_id of the case it opens or joins
    addressed: list[str] = field(default_factory=list)  # accounts it @-mentions / is posted to
    note: dict[str, Any] = field(default_factory=dict)  # extra event data (a chaser's evidence)


class Threader:
    """Decides, item by item (oldest first), how items thread into cases."""

    def __init__(self, matrix: Matrix, platform: str) -> None:
        self.platform = platform
        self.members = {uid: a.id for uid, a in matrix.by_platform_id(platform).items()}
        self.names = {name: a.id for name, a in matrix.by_name().items()}
        self.hub_id = matrix.hub.id

    def role_of(self, author_id: str) -> tuple[Role, str | None]:
        account = self.members.get(author_id)
        return ("member", account) if account else ("citizen", None)

    def addressed_accounts(self, item: Item) -> list[str]:
        """Member accounts an item is addressed to: its @-mentions, then the post it sits under.

        Order matters for routing (the first explicit @ leads), so duplicates are dropped
        keeping the first occurrence.
        """
        out: list[str] = []
        for uid in item.mentioned_ids:
            if uid in self.members:
                out.append(self.members[uid])
        for name in item.mentioned_names:
            if name in self.names:
                out.append(self.names[name])
        if item.parent_author_id and item.parent_author_id in self.members:
            out.append(self.members[item.parent_author_id])
        return list(dict.fromkeys(out))

    def speaks_to_matrix(self, item: Item) -> bool:
        """``item`` itself @-mentions a member account (the post it sits under does not count)."""
        return (any(uid in self.members for uid in item.mentioned_ids)
                or any(name in self.names for name in item.mentioned_names))

    def decide(self, item: Item, known: dict[str, ThreadRef], cases: dict[str, str]) -> Decision:
        """Decide for ``item``.

        Args:
            known: external id → thread info for items already stored or decided earlier in the
                batch (the caller keeps it up to date with :meth:`remember`).
            cases: case root external id → citizen author id of that case.
        """
        role, account = self.role_of(item.author_id)
        addressed = self.addressed_accounts(item)
        root = self._root_of(item, known)
        case_key = root if root in cases else None

        if case_key is not None:
            action = action_in_case(role, item.author_id, cases[case_key])
            if action == "comment" and self.speaks_to_matrix(item):
                # another citizen under a case's post (or reposting it) who addresses the matrix
                # (同问 @问政银川, +1 //@…) appeals in their own name: a case of their own, owed its
                # own reply; the cluster stage joins it to this case's cluster through the item's
                # context (what it answers or passes on), unless its words tell another problem
                return Decision(item, role, None, "open", item.external_id, item.external_id, addressed)
            if action == "follow_up" and self.speaks_to_matrix(item) and opens_new_matter(item.text):
                # the citizen under their own post, to the matrix, on a new matter they say is new
                # ("再说个丽景湖的事：湖边漂了死鱼" under their dance's noise): a case of its own
                return Decision(item, role, None, "open", item.external_id, item.external_id, addressed)
            return Decision(item, role, account, action, root, case_key, addressed)

        if role == "member":
            # a member's own post, or a reply in a thread we have not seen yet: keep it, and
            # let the case adopt it if the thread shows up later
            action = "member_post" if item.kind == "status" and root == item.external_id else "orphan"
            return Decision(item, role, account, action, root, None, addressed)

        opens = bool(addressed) or (item.appeal and root == item.external_id)
        if opens:
            # a citizen comment that answers someone else in a thread we never saw is not an
            # appeal of its own unless it is addressed to a member account
            return Decision(item, role, None, "open", root, root, addressed)
        return Decision(item, role, None, "orphan", root, None, addressed)

    def _root_of(self, item: Item, known: dict[str, ThreadRef]) -> str:
        if item.reply_to_id and item.reply_to_id in known:
            return known[item.reply_to_id].root
        if item.kind == "comment" and item.parent_id:
            if item.parent_author_id in self.members and not item.reply_to_id:
                # a top-level comment on a member account's own post is its own appeal
                return item.external_id
            if item.parent_author_id in self.members and item.reply_to_id:
                # a reply to a comment we have not stored: that comment is the root
                return item.reply_to_id
            if item.parent_id in known:
                return known[item.parent_id].root
            return item.parent_id
        if item.thread_root_id and item.thread_root_id in known:
            return known[item.thread_root_id].root
        return item.thread_root_id or item.external_id

    @staticmethod
    def remember(decision: Decision, known: dict[str, ThreadRef], cases: dict[str, str]) -> None:
        known[decision.item.external_id] = ThreadRef(decision.root, decision.case_key)
        if decision.case_key is not None and decision.case_key not in cases:
            # a case just opened, or the citizen's own earlier case a chaser was sent to: the
            # batch's read of cases knew only the threads its items name, and a chaser names
            # none of its case's. Unrecorded, the next comment under the chaser found no case
            # for its thread and opened that same case again (a duplicate key: the batch rolled
            # back, retried, and was bisected before it could be stored)
            cases[decision.case_key] = decision.item.author_id
