"""The console's HTML vocabulary escapes whatever the cloud holds, unless it is built HTML."""

from __future__ import annotations

from emulation.console.html import NONE, badge, h, link, ms, table


def test_values_from_the_cloud_are_escaped() -> None:
    assert h('<script>"x"</script>') == "&lt;script&gt;&quot;x&quot;&lt;/script&gt;"
    assert h(None) == ""


def test_table_cells_are_escaped_unless_they_are_built_html() -> None:
    html = table(["Name", "Count"], [("<b>", link("/q?a=1&b=2", "queue")), ("x", 3)], numeric={1})
    assert '<td class="">&lt;b&gt;</td>' in html
    assert '<a href="/q?a=1&amp;b=2">queue</a>' in html
    assert '<th class="num">Count</th>' in html


def test_an_empty_table_says_so() -> None:
    assert table(["a"], [], empty="No queues.") == '<p class="empty">No queues.</p>'


def test_durations_and_badges_read_as_people_write_them() -> None:
    assert ms(None) == NONE
    assert ms(12.34) == "12.3 ms"
    assert ms(1234.0) == "1,234 ms"
    assert badge("FAILED") == '<span class="badge failed">FAILED</span>'
