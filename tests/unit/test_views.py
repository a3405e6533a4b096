"""Saved views: seeded defaults, save (validated), replace, delete."""

from __future__ import annotations

import pytest

from leadtui.errors import NotFound
from leadtui.finding import views
from leadtui.finding.querylang import QueryError


def test_seeded_views_in_order(ctx):
    names = [v.name for v in views.list_views()]
    assert names[0] == "Hot leads" and "Prospects that no longer fit" in names


def test_seeded_views_all_compile(ctx):
    from leadtui.finding.querylang import compile_query

    for view in views.list_views():
        compile_query(view.query, ctx)


def test_save_get_replace_delete(ctx):
    saved = views.save_view("  My   hot webinar ", "temp:hot source:webinar", ctx)
    assert saved.name == "My hot webinar"
    assert saved.position == max(v.position for v in views.list_views())
    assert views.get_view("my hot webinar").query == "temp:hot source:webinar"
    with pytest.raises(views.ViewExists, match="exists"):
        views.save_view("My hot webinar", "temp:warm", ctx)
    again = views.save_view("My hot webinar", "temp:warm", ctx, replace=True)
    assert again.id == saved.id and views.get_view("My hot webinar").query == "temp:warm"
    views.delete_view("MY HOT WEBINAR")
    with pytest.raises(NotFound, match="no saved view"):
        views.get_view("My hot webinar")
    with pytest.raises(NotFound):
        views.delete_view("My hot webinar")


def test_save_refuses_a_bad_query(ctx):
    with pytest.raises(QueryError, match="unknown field 'stag' at 1"):
        views.save_view("Broken", "stag:1", ctx)
    assert "Broken" not in [v.name for v in views.list_views()]
