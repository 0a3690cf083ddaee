"""The course's notice that it is not medical advice, and where to get help.

The services live in ``data/support_services.csv`` (one row each, with the
page that lists the contact and the day it was last checked), so every lesson
shows the same, checked list, and the reader can see how recent each entry is.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from .data import load_table

NOT_ADVICE = (
    "This course is education about how ketamine works and how to read the evidence about it. "
    "It is not medical advice and gives no dosing guidance. Decisions about treatment belong "
    "with a clinician who knows you."
)


def support_services(country: str | None = None) -> pd.DataFrame:
    """Return the support services, optionally for one country.

    Raises:
        ValueError: if ``country`` is not one the table covers (the message lists them).

    """
    services = load_table("support_services.csv")
    if country is None:
        return services
    countries = sorted(services["country"].unique())
    if country not in countries:
        raise ValueError(f"No services listed for {country!r}; countries: {', '.join(countries)}.")
    return services[services["country"] == country].reset_index(drop=True)


#: A phone number in a contact ("116 123", "1-800-662-4357"): digits, spaces and hyphens.
_PHONE_NUMBER = re.compile(r"\d[\d -]*\d")


def _contact_html(contact: str) -> str:
    """Return a contact as HTML whose phone numbers never break across lines."""
    return _PHONE_NUMBER.sub(lambda number: f'<span style="white-space:nowrap">{number[0]}</span>',
                             html.escape(contact))


def help_box_html() -> str:
    """Return the notice and the services as an HTML box for a notebook."""
    rows = "".join(
        f"<tr><td>{html.escape(row.country)}</td><td>{html.escape(row.service)}</td>"
        f"<td>{html.escape(row.helps_with)}</td><td>{_contact_html(row.contact)}</td>"
        f'<td><a href="{html.escape(row.website)}" target="_blank" rel="noopener">'
        f"{html.escape(row.website)}</a></td>"
        f'<td style="white-space:nowrap">{html.escape(str(row.last_checked))}</td></tr>'
        for row in support_services().itertuples()
    )
    return (
        '<div class="course-help" role="note" style="border-left:4px solid #0072B2;'
        'padding:0.5em 1em">'
        f"<p><strong>Not medical advice.</strong> {html.escape(NOT_ADVICE)}</p>"
        "<p><strong>If you are struggling, or worried about your own or someone else's drug "
        "use, help is there.</strong> In an emergency, call your local emergency number.</p>"
        '<table><thead><tr><th scope="col">Where</th><th scope="col">Service</th>'
        '<th scope="col">For</th><th scope="col">Contact</th><th scope="col">Website</th>'
        '<th scope="col">Last checked</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
        "<p>Contacts change: if a number does not work, the service's website has the current "
        "one.</p></div>"
    )


def show_help() -> None:
    """Display the notice and the support services in the notebook."""
    from IPython.display import HTML, display

    display(HTML(help_box_html()))
