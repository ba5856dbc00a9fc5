"""Request Tracker 5: our own signed webhook scrip in, REST2 out.

RT has no webhooks in core. The "Stand-in webhook" scrip (``connector/data/rt/
standin-webhook-scrip.pl``) POSTs one Standard Webhooks-signed JSON event per RT transaction
(create, owner change, correspondence, comment). Facts this adapter is built on were measured
against a real RT 5.0.3 (``tests/fixtures/rt/api/NOTES.md``):

- The scrip POSTs from *inside* RT's open database transaction: a read-back before RT commits
  sees the old ticket (or a 404 for a new one). So events wait ``processing_delay_seconds``
  before processing, and a 404 on ``GET /ticket/{id}`` is retryable.
- The canonical agent id is the RT user **Name** (``anna``): REST2 shows ``Owner.id`` as the
  Name, the webhook's ``ticket.owner`` too. (The webhook's old/new values are numeric ids and
  are not used.) ``Nobody`` means unowned.
- ``PUT /ticket/{id}`` answers 200 with a list of messages even when the change failed.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import datetime as dt
import grp
import html
import json
import os
import re
import subprocess
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from connector.adapters.helpdesks.base import (
    Customer,
    HelpdeskAdapter,
    InstallStep,
    OutboundNotice,
    TakeCheck,
    VendorResult,
    WebhookRequest,
    is_posted_notice,
    parse_vendor_time,
)
from connector.adapters.signatures import standard_key, verify_standard
from connector.config import LOOPBACK_HOSTS, HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.errors import (
    ConfigError,
    PermanentVendorError,
    RetryableVendorError,
    SignatureError,
    VendorError,
)
from connector.html_text import html_to_text

NOBODY = "Nobody"
# RT's default lifecycle: the statuses in which a ticket still needs work.
ACTIVE_STATUSES = ("new", "open", "stalled")
TICKET_FIELDS = "Subject,Status,Owner,Queue,Requestor,Priority,LastUpdated"
SCRIP_DESCRIPTION = "Stand-in webhook"
SCRIP_DATAFILE = Path(__file__).resolve().parents[2] / "data" / "rt" / "standin-webhook-scrip.pl"
DROPIN_NAME = "90-standin.pm"
# Global rights the connector's RT user needs (NOTES.md "Rights chosen for standin").
REQUIRED_RIGHTS = (
    "SeeQueue ShowTicket ShowTicketComments ModifyTicket ReassignTicket ReplyToTicket "
    "CommentOnTicket AdminUsers"
)
_OWNER_CHANGED = re.compile(r"^(?:Ticket \d+: )?Owner changed from (.*) to (.*)$")
_ALREADY_OWNS = "That user already owns that ticket"

CommandRunner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def run_command(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument lists, never a shell
        list(args), capture_output=True, text=True, timeout=120, check=False
    )


def _perl_quote(value: str) -> str:
    """A Perl single-quoted string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _attachment_texts(content: Any) -> list[str]:
    """An attachment's content as a collection lists it (``fields=Content``: RT reads the
    accessor, so the text itself), plus its base64 decoding, which the single-attachment
    resource (``/attachment/{id}``) uses: a marker is found in either form."""
    text = str(content or "")
    try:
        decoded = base64.b64decode(text, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return [text]
    return [text, decoded]


def _sql_quote(value: str) -> str:
    """A TicketSQL single-quoted value (backslash escapes)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _strip_ticket_prefix(message: str) -> str:
    return re.sub(r"^Ticket \d+: ", "", str(message)).strip()


class RtAdapter(HelpdeskAdapter):
    vendor = "rt"
    # The scrip posts before RT commits: give RT time to commit before reading the ticket back.
    processing_delay_seconds = 2.0
    posts_before_commit = True
    #: REST2 caps per_page at 100.
    page_size = 100

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Where `install` looks for a local RT (Debian 12 package paths); tests point elsewhere.
        self.site_dir = Path("/etc/request-tracker5")
        self.setup_database = Path("/usr/sbin/rt-setup-database-5")
        self.rt_lib = Path("/usr/share/request-tracker5/lib")
        self.run_command: CommandRunner = run_command

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        creds = config.credentials
        return {
            # `url` is RT's web root (e.g. https://rt.example/rt); REST2 lives below it.
            "base_url": f"{config.url.rstrip('/')}/REST/2.0",
            "auth": (creds["user"].reveal(), creds["password"].reveal()),
            "headers": {"Accept": "application/json"},
        }

    # -- inbound ---------------------------------------------------------------------------
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        verify_standard(
            req.headers, req.body, [s.reveal() for s in self.config.webhook_secrets], now, tolerance
        )

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        # webhook-id is "rt-<transaction id>": one per RT transaction (the scrip never retries).
        msg_id = req.headers.get("webhook-id")
        return f"webhook-id:{msg_id}" if msg_id else super().dedup_key(req, payload)

    # -- users -----------------------------------------------------------------------------
    def _user(self, name_or_id: str) -> dict[str, Any]:
        """``GET /user/{x}`` loads by Name or numeric id (never by e-mail)."""
        data: dict[str, Any] = self.http.request(
            "GET", f"/user/{quote(name_or_id, safe='@')}"
        ).json()
        return data

    def _name_by_email(self, email: str) -> str | None:
        """The Name of the one user with this e-mail address, or None.

        ``/users`` takes a JSON query; an unknown field is silently dropped (all users come
        back), so the address of every item is checked, not just the count.
        """
        query = json.dumps([{"field": "EmailAddress", "value": email}])
        data = self.http.request(
            "GET", "/users", params={"query": query, "fields": "Name,EmailAddress"}
        ).json()
        items = [
            item
            for item in data.get("items") or []
            if str(item.get("EmailAddress") or "").lower() == email.lower()
        ]
        if len(items) > 1:
            raise PermanentVendorError(f"rt: {len(items)} users have the e-mail address {email}")
        if not items:
            return None
        return str(items[0].get("Name") or items[0]["id"])

    def find_agent(self, email: str) -> Agent | None:
        name = self._name_by_email(email)
        if name is None:
            return None
        user = self._user(name)
        # Privileged is 1/0 on /user/{x} (but "" through /users?fields=: not trusted there).
        privileged = str(user.get("Privileged", "0")) == "1"
        enabled = str(user.get("Disabled", "0")) in ("0", "")
        return Agent(
            id=str(user.get("Name") or name),
            email=str(user.get("EmailAddress") or email),
            name=str(user.get("RealName") or user.get("Name") or email),
            is_agent=privileged and enabled,
        )

    def get_user(self, user_id: str) -> Agent | None:
        """A user by Name (``transaction.creator``) or numeric id; None if RT has none. Cached."""

        def load() -> Agent | None:
            try:
                user = self._user(user_id)
            except PermanentVendorError as exc:
                if exc.status == 404:
                    return None
                raise
            return Agent(
                id=str(user.get("Name") or user_id),
                email=str(user.get("EmailAddress") or ""),
                name=str(user.get("RealName") or user.get("Name") or ""),
                is_agent=str(user.get("Privileged", "0")) == "1"
                and str(user.get("Disabled", "0")) in ("0", ""),
            )

        result: Agent | None = self.cache.get(("user", user_id), load)
        return result

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent:
        """The comment's text, which the scrip does not send, from its transaction.

        ``GET /transaction/{id}/attachments`` with ``fields`` gives each MIME part's decoded
        ``Content`` (the single-attachment endpoint gives base64). The message is the first
        text part that is not an attached file; plain text wins over HTML (RT's web editor
        writes text/html). Measured on RT 5.0.3: tests/fixtures/rt/api/NOTES.md.
        """
        if event.note_body is not None or not event.note_id:
            return event
        data = self.http.request(
            "GET",
            f"/transaction/{quote(event.note_id)}/attachments",
            params={"fields": "Content,ContentType,Filename", "per_page": self.page_size},
        ).json()
        parts = [
            p
            for p in data.get("items") or []
            if not p.get("Filename") and str(p.get("Content") or "").strip()
        ]
        for wanted in ("text/plain", "text/html"):
            for part in parts:
                if str(part.get("ContentType") or "").lower() == wanted:
                    text = str(part["Content"])
                    body = html_to_text(text) if wanted == "text/html" else text
                    return dataclasses.replace(event, note_body=body)
        return dataclasses.replace(event, note_body="")

    def get_customer(self, customer_id: str) -> Customer:
        """A requestor by e-mail (webhook) or by user Name (REST2 ``Requestor[].id``).

        Mail-gateway requestors are named after their address, so an address is looked up
        by e-mail first and used as a Name only when no user has that address.
        """
        name = (self._name_by_email(customer_id) if "@" in customer_id else None) or customer_id
        user = self._user(name)
        return Customer(
            id=str(user.get("Name") or name),
            # REST2 leaves an empty Lang out; it shows Lang at all only to AdminUsers.
            locale=user.get("Lang") or None,
            is_end_user=str(user.get("Privileged", "0")) != "1",
            email=str(user.get("EmailAddress") or ""),
            name=str(user.get("RealName") or ""),
        )

    def own_actor_ids(self) -> frozenset[str]:
        """The connector's RT user: its Name (``transaction.creator``) and numeric id."""

        def load() -> frozenset[str]:
            me = self._user(self.config.credentials["user"].reveal())
            return frozenset({str(me["Name"]), str(me["id"])})

        result: frozenset[str] = self.cache.get("me", load)
        return result

    # -- tickets ---------------------------------------------------------------------------
    def _status(self, value: Any) -> str | None:
        text = str(value or "").lower()
        return self.mapping.value_maps.get("status", {}).get(text, text) or None

    def _snapshot(self, t: dict[str, Any]) -> TicketSnapshot:
        owner = str((t.get("Owner") or {}).get("id") or "")
        # Requestors can include groups; the customer is the first user.
        requestors = [r for r in t.get("Requestor") or [] if r.get("type", "user") == "user"]
        return TicketSnapshot(
            ticket_id=str(t["id"]),
            assignee_id="" if owner in ("", NOBODY) else owner,
            requester_id=str(requestors[0]["id"]) if requestors else None,
            group_id=str((t.get("Queue") or {}).get("id") or "") or None,
            status=self._status(t.get("Status")),
            priority=str(t["Priority"]) if t.get("Priority") is not None else None,
            tags=(),  # RT tickets have no tags
            subject=str(t.get("Subject") or ""),
        )

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        try:
            t = self.http.request("GET", f"/ticket/{quote(ticket_id)}").json()
        except PermanentVendorError as exc:
            if exc.status == 404:
                # The webhook for a new ticket arrives before RT commits it: try again later.
                raise RetryableVendorError(
                    f"rt: ticket {ticket_id} not found (yet): {exc}",
                    status=404,
                    body=exc.body,
                    retry_after=self.processing_delay_seconds,
                ) from exc
            raise
        return self._snapshot(t)

    @staticmethod
    def _messages(resp: requests.Response) -> list[str]:
        try:
            body = resp.json()
        except ValueError:
            body = resp.text
        if isinstance(body, list):
            return [str(m) for m in body]
        return [str(body)]

    @staticmethod
    def _owner_set(messages: Sequence[str], owner: str) -> bool:
        """True when RT's messages say ``owner`` owns the ticket now."""
        for message in messages:
            text = _strip_ticket_prefix(message)
            m = _OWNER_CHANGED.match(text)
            if (m and m.group(2) == owner) or text == _ALREADY_OWNS:
                return True
        return False

    def set_owner(self, ticket_id: str, owner: str) -> VendorResult:
        resp = self.http.request("PUT", f"/ticket/{quote(ticket_id)}", json={"Owner": owner})
        messages = self._messages(resp)
        # RT answers 200 even when the owner did not change; the messages say what happened.
        if not self._owner_set(messages, owner):
            raise PermanentVendorError(
                f"rt: ticket {ticket_id} was not given to {owner}: {'; '.join(messages)}",
                status=resp.status_code,
                body=resp.text,
            )
        return VendorResult(resp.status_code, "; ".join(messages))

    def _post_message(self, ticket_id: str, kind: str, text: str) -> requests.Response:
        # ContentType is required in JSON bodies (400 otherwise).
        return self.http.request(
            "POST",
            f"/ticket/{quote(ticket_id)}/{kind}",
            json={"Content": text, "ContentType": "text/plain"},
        )

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Owner first, then the notice (correspondence, mailed by RT to the requestors).

        Two calls, so there is a window: if the notice fails after the owner changed, a retry
        would find the ticket no longer the employee's and skip it, and the notice would be
        lost silently. Instead, once VendorHttp's own retries are spent, the failure is raised
        as permanent with a message saying the ticket *was* reassigned: the job ends visibly
        (dead letter + audit) and nobody gets two notices. The reverse order was rejected: a
        failed owner change after a sent notice would be retried and mail the customer twice.
        """
        result = self.set_owner(ticket.ticket_id, agent.id)
        if notice is None:
            return result
        kind = "correspond" if notice.public else "comment"
        body = {
            # HTML, so the notice can carry its hidden marker (an HTML comment).
            "Content": (notice.html or html.escape(notice.text).replace("\n", "<br>"))
            + notice.marker,
            "ContentType": "text/html",
        }
        answers: list[requests.Response] = []
        try:
            found = self.post_notice_once(
                ticket.ticket_id,
                notice,
                lambda: answers.append(
                    self.http.request(
                        "POST",
                        f"/ticket/{quote(ticket.ticket_id)}/{kind}",
                        json=body,
                        idempotent=False,
                    )
                ),
            )
        except VendorError as exc:
            raise PermanentVendorError(
                f"rt: ticket {ticket.ticket_id} was reassigned to {agent.id}, but the "
                f"{'customer notice' if notice.public else 'note'} could not be posted "
                f"(send it by hand): {exc}",
                status=exc.status,
                body=exc.body,
            ) from exc
        if found:
            return VendorResult(
                result.status, f"{result.summary}; {kind} found after a lost answer"
            )
        resp = answers[-1]
        return VendorResult(
            resp.status_code,
            f"{result.summary}; {kind}: {'; '.join(self._messages(resp))}",
        )

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """The marker in one of the ticket's attachments (REST2 ``GET /ticket/{id}/attachments``
        with ``fields=Content``, newest first by ``orderby=id&order=DESC``)."""
        params: dict[str, Any] = {
            "fields": "Content,ContentType",
            "orderby": "id",
            "order": "DESC",
            "per_page": self.page_size,
            "page": 1,
        }
        for _ in range(100):
            data = self.http.request(
                "GET", f"/ticket/{quote(ticket_id)}/attachments", params=params
            ).json()
            items = data.get("items") or []
            texts = (t for a in items for t in _attachment_texts(a.get("Content")))
            if any(is_posted_notice(notice, t) for t in texts):
                return True
            if not (data.get("next_page") or len(items) >= self.page_size):
                return False
            params["page"] += 1
        return False

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self._post_message(ticket_id, "comment", text)
        return VendorResult(resp.status_code, "; ".join(self._messages(resp)))

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        statuses = " OR ".join(f"Status={_sql_quote(s)}" for s in ACTIVE_STATUSES)
        params: dict[str, Any] = {
            "query": f"Owner={_sql_quote(agent_id)} AND ({statuses})",
            "fields": TICKET_FIELDS,
            "per_page": self.page_size,
            "page": 1,
        }
        out: list[TicketSnapshot] = []
        for _ in range(10_000):
            data = self.http.request("GET", "/tickets", params=params).json()
            items = data.get("items") or []
            out.extend(self._snapshot(item) for item in items)
            # next_page is absent on the last page, and also whenever RT cannot count what the
            # user sees (total null): then keep going until a page comes back short.
            more = bool(data.get("next_page")) or (
                data.get("total") is None and len(items) >= self.page_size
            )
            if not more:
                return out
            params["page"] += 1
        raise PermanentVendorError(f"rt: more than 10000 pages of tickets for {agent_id}")

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """``PUT /tickets/bulk``: one call per 100 tickets; 200 with per-ticket messages.

        Status 200 when every ticket moved, 207 when some did not (the summary names them).
        """
        moved: list[str] = []
        failed: dict[str, str] = {}
        ids = list(ticket_ids)
        for start in range(0, len(ids), 100):
            chunk = ids[start : start + 100]
            body = [{"id": int(t), "Owner": agent.id} for t in chunk]
            resp = self.http.request("PUT", "/tickets/bulk", json=body)
            answer = resp.json()
            results = answer if isinstance(answer, list) else []
            seen: set[str] = set()
            for row in results:
                if not isinstance(row, list) or not row:
                    continue
                tid, messages = str(row[0]), [str(m) for m in row[1:]]
                seen.add(tid)
                if self._owner_set(messages, agent.id):
                    moved.append(tid)
                else:
                    failed[tid] = "; ".join(messages) or "no answer"
            failed.update((t, "no answer") for t in chunk if t not in seen)
        summary = f"{len(moved)} of {len(ids)} tickets given to {agent.id}"
        if failed:
            summary += "; not moved: " + ", ".join(f"{t} ({why})" for t, why in failed.items())
        return VendorResult(207 if failed else 200, summary, failed)

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool:
        """A ``Correspond`` transaction (mailed to the requestors) created by ``agent_id``
        (the user Name, as REST2 shows ``Creator.id``) at or after ``since``.

        ``/ticket/{id}/history`` lists transactions oldest first; RT does not count them
        (``total`` null), so pages are read until one comes back short.
        """
        params: dict[str, Any] = {
            "fields": "Type,Creator,Created",
            "per_page": self.page_size,
            "page": 1,
        }
        for _ in range(1_000):
            data = self.http.request(
                "GET", f"/ticket/{quote(ticket_id)}/history", params=params
            ).json()
            items = data.get("items") or []
            for t in items:
                if t.get("Type") != "Correspond":
                    continue
                if str((t.get("Creator") or {}).get("id") or "") != agent_id:
                    continue
                when = parse_vendor_time(t.get("Created"))
                if when is not None and when >= since:
                    return True
            more = bool(data.get("next_page")) or (
                data.get("total") is None and len(items) >= self.page_size
            )
            if not more:
                return False
            params["page"] += 1
        return False

    @classmethod
    def secret_problems(cls, config: HelpdeskConfig) -> list[str]:
        """Stand-in's RT scrip signs with Standard Webhooks: each secret must be ``whsec_``
        and base64 (padding may be left out)."""
        out = []
        for i, secret in enumerate(config.webhook_secrets):
            where = f"helpdesks.{config.key}.webhook_secrets[{i}]"
            if not secret.reveal().startswith("whsec_"):
                out.append(f"{where}: not a Standard Webhooks secret (whsec_ followed by base64)")
                continue
            try:
                standard_key(secret.reveal())
            except SignatureError:
                out.append(f"{where}: the part after whsec_ is not base64")
        return out

    # -- install ---------------------------------------------------------------------------
    def _webhook_secret(self) -> str:
        secret = self.config.webhook_secrets[0].reveal()
        if not secret.startswith("whsec_"):
            raise ConfigError(
                f"helpdesks.{self.config.key}.webhook_secrets[0]: the RT scrip signs with "
                "Standard Webhooks: use a secret of the form whsec_<base64 of random bytes>"
            )
        return secret

    def _is_local(self) -> bool:
        """True when the configured RT is on this machine and its config is ours to write."""
        host = urlsplit(self.config.url).hostname or ""
        dropin_dir = self.site_dir / "RT_SiteConfig.d"
        return (
            host in LOOPBACK_HOSTS
            and self.setup_database.is_file()
            and dropin_dir.is_dir()
            and os.access(dropin_dir, os.W_OK)
        )

    def _dropin_text(self, current: str | None, url: str, secret: str) -> str:
        wanted = {
            "StandinWebhookURL": f"Set($StandinWebhookURL, {_perl_quote(url)});",
            "StandinWebhookSecret": f"Set($StandinWebhookSecret, {_perl_quote(secret)});",
        }
        if current is None:
            return (
                "# Written by `standin install`: the Stand-in webhook scrip reads these.\n"
                + "\n".join(wanted.values())
                + "\n1;\n"
            )
        lines = current.splitlines()
        for name, line in wanted.items():
            pattern = re.compile(rf"^\s*Set\(\s*\${name}\s*,")
            idx = [i for i, text in enumerate(lines) if pattern.match(text)]
            if idx:
                lines[idx[0]] = line
                for i in reversed(idx[1:]):
                    del lines[i]
            else:
                end = next(
                    (i for i in range(len(lines) - 1, -1, -1) if lines[i].strip() == "1;"),
                    len(lines),
                )
                lines.insert(end, line)
        if not any(text.strip() == "1;" for text in lines):
            lines.append("1;")
        return "\n".join(lines) + "\n"

    def _write_dropin(self, path: Path, text: str) -> None:
        tmp = path.with_name(path.name + ".standin-tmp")
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o640)  # holds the secret; rt-server (www-data) must read it
        if os.geteuid() == 0:
            with contextlib.suppress(KeyError):  # no www-data group: leave it
                os.chown(tmp, 0, grp.getgrnam("www-data").gr_gid)
        os.replace(tmp, path)

    def _scrip_state(self) -> str:
        """'enabled', 'disabled' or 'missing', asked of RT itself through its Perl API."""
        code = (
            "RT::LoadConfig(); RT::Init(); my $s = RT::Scrip->new(RT->SystemUser);"
            " $s->LoadByCols(Description => $ARGV[0]);"
            ' print $s->id ? ($s->Disabled ? "disabled\\n" : "enabled\\n") : "missing\\n";'
        )
        proc = self.run_command(["perl", f"-I{self.rt_lib}", "-MRT", "-e", code, SCRIP_DESCRIPTION])
        state = (proc.stdout or "").strip().splitlines()[-1:] or [""]
        if proc.returncode != 0 or state[0] not in ("enabled", "disabled", "missing"):
            raise PermanentVendorError(
                f"rt: could not ask RT whether the scrip exists (exit {proc.returncode}): "
                + " ".join((proc.stderr or "").split())[-300:]
            )
        return state[0]

    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """Point RT's webhook scrip at ``webhook_url``; idempotent.

        RT 5.0.3's REST2 cannot create scrips or change RT's configuration, so this works only
        on the RT host itself (configured URL on loopback, Debian paths, root): it updates the
        two settings in ``RT_SiteConfig.d/90-standin.pm`` and loads the scrip with
        ``rt-setup-database-5`` when it is missing. Elsewhere it returns the exact manual steps.
        """
        secret = self._webhook_secret()
        user = self.config.credentials["user"].reveal()
        me = self._user(user)  # the credentials work (401 otherwise)
        steps = [InstallStep("exists", f"RT user {me.get('Name', user)} signs in to REST2")]
        if not self._is_local():
            return steps + self._manual_steps(webhook_url)
        dropin = self.site_dir / "RT_SiteConfig.d" / DROPIN_NAME
        current = dropin.read_text(encoding="utf-8") if dropin.exists() else None
        wanted = self._dropin_text(current, webhook_url, secret)
        changed = current != wanted
        if not changed:
            steps.append(InstallStep("exists", f"{dropin}: webhook URL {webhook_url} and secret"))
        else:
            action = "create" if current is None else "update"
            if not dry_run:
                self._write_dropin(dropin, wanted)
            steps.append(InstallStep(action, f"{dropin}: set webhook URL {webhook_url} and secret"))
        state = self._scrip_state()
        if state == "enabled":
            steps.append(InstallStep("exists", f"global scrip {SCRIP_DESCRIPTION!r}"))
        elif state == "disabled":
            steps.append(
                InstallStep(
                    "manual",
                    f"enable the global scrip {SCRIP_DESCRIPTION!r}: Admin > Global > Scrips",
                )
            )
        else:
            cmd = [
                str(self.setup_database),
                "--action",
                "insert",
                "--skip-create",
                "--datafile",
                str(SCRIP_DATAFILE),
            ]
            if not dry_run:
                proc = self.run_command(cmd)
                if proc.returncode != 0:
                    raise PermanentVendorError(
                        f"rt: {' '.join(cmd)} failed (exit {proc.returncode}): "
                        + " ".join((proc.stderr or proc.stdout or "").split())[-300:]
                    )
            steps.append(
                InstallStep("create", f"global scrip {SCRIP_DESCRIPTION!r}: {' '.join(cmd)}")
            )
        if changed:
            steps.append(
                InstallStep(
                    "manual",
                    "restart RT (its web server or rt-server): RT reads RT_SiteConfig only "
                    "at start, so the new webhook settings apply after a restart",
                )
            )
        steps.append(self._rights_step(user))
        return steps

    def _manual_steps(self, webhook_url: str) -> list[InstallStep]:
        key = self.config.key
        return [
            InstallStep(
                "manual",
                "on the RT host, put these lines in "
                f"{self.site_dir}/RT_SiteConfig.d/{DROPIN_NAME} (owner root, group www-data, "
                f"mode 0640): Set($StandinWebhookURL, {_perl_quote(webhook_url)}); "
                f"Set($StandinWebhookSecret, '<helpdesks.{key}.webhook_secrets[0], whsec_…>'); "
                "1;",
            ),
            InstallStep(
                "manual",
                f"copy {SCRIP_DATAFILE} to the RT host and run, as root, once (RT 5.0.3's "
                "REST2 cannot create scrips): rt-setup-database-5 --action insert --skip-create "
                f"--datafile standin-webhook-scrip.pl — first check under Admin > Global > "
                f"Scrips that {SCRIP_DESCRIPTION!r} does not exist yet (loading twice makes two)",
            ),
            InstallStep("manual", "restart RT so it reads the new settings"),
            self._rights_step(self.config.credentials["user"].reveal()),
        ]

    @staticmethod
    def _rights_step(user: str) -> InstallStep:
        return InstallStep(
            "manual",
            f"check (not verified here) that RT user {user} has the global rights "
            f"{REQUIRED_RIGHTS}, and that the replacement agents have OwnTicket on their queues",
        )

    group_noun = "queues"

    # -- readiness (issue 15) ----------------------------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /user/{name}``: privileged and not disabled. REST2 has no rights query, so
        OwnTicket on each queue is reported as unverified, never assumed (RT answers 200
        "That user may not own tickets in that queue" at the move, and that is handled)."""
        try:
            user = self._user(agent.id)
        except PermanentVendorError as exc:
            if exc.status != 404:
                raise
            return TakeCheck(False, tuple(sorted(groups)), detail="no such user")
        privileged = str(user.get("Privileged", "0")) == "1"
        enabled = str(user.get("Disabled", "0")) in ("0", "")
        detail = "" if privileged and enabled else "not privileged, or disabled"
        unverified = tuple(f"OwnTicket on queue {q}" for q in sorted(str(g) for g in groups))
        return TakeCheck(privileged and enabled, (), None, unverified, detail)
