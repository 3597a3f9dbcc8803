"""Command palette entries: jump to any activity by id or words."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from assess.tui.screens.workshop import WorkshopScreen


class ActivityCommands(Provider):
    """Every activity of the questionnaire, matched on its id, title and practice."""

    def _workshop(self) -> WorkshopScreen | None:
        screen = self.screen
        return screen if isinstance(screen, WorkshopScreen) else None

    def _entries(self, workshop: WorkshopScreen) -> list[tuple[str, str, str]]:
        session = workshop.session
        q = session.questionnaire
        entries = []
        for activity in q.activities:
            practice = q.practice_of[activity.id]
            state = session.answers.chosen(activity.id) or "unanswered"
            text = f"{activity.id} {activity.display_title}"
            stream = q.stream_of[activity.id].name
            entries.append((activity.id, text, f"{practice.name} › {stream} · level {activity.level} · {state}"))
        return entries

    async def search(self, query: str) -> Hits:
        """Activities whose id, title, practice or stream hold every typed word, in any order."""
        workshop = self._workshop()
        words = query.split()
        if workshop is None or not words:
            return
        whole = self.matcher(query)
        matchers = [self.matcher(word) for word in words]
        for activity_id, text, help_text in self._entries(workshop):
            searched = f"{text} {help_text}"
            if query.strip().upper() == activity_id.upper():
                score = 1.0
            else:
                scores = [matcher.match(searched) for matcher in matchers]
                if not all(scores):
                    continue
                score = sum(scores) / len(scores)
            highlight = (whole if whole.match(text) else matchers[0]).highlight(text)
            yield Hit(score, highlight, partial(workshop.go_to_id, activity_id), text, help_text)

    async def discover(self) -> Hits:
        workshop = self._workshop()
        if workshop is None:
            return
        for activity_id, text, help_text in self._entries(workshop):
            yield DiscoveryHit(text, partial(workshop.go_to_id, activity_id), text, help_text)
