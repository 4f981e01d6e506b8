from dataclasses import asdict

from briefing.model import Brief, OutletChange, Scope, SinceLastWeek
from briefing.serial import from_jsonable


def test_nested_optional_dataclasses_and_tuples_come_back_typed():
    brief = Brief(
        title="t",
        scope=Scope(1, ("A",), "2018-02", None, "2026-11-23T09:00:00+00:00"),
        since_last_week=SinceLastWeek(
            "2018-W07", "2018-W06", 3, "report", new_actors=("x",), outlets=(OutletChange("A", 1, 2, ("X",)),)
        ),
    )
    again = from_jsonable(Brief, asdict(brief))
    assert again == brief
    assert isinstance(again.since_last_week.outlets[0], OutletChange)
    assert isinstance(again.scope.outlets, tuple)


def test_missing_keys_take_their_defaults():
    data = {
        "title": "t",
        "scope": {"articles": 0, "outlets": [], "first_published": None, "last_published": None, "generated_at": "x"},
    }
    assert from_jsonable(Brief, data).events == ()
