"""Each person's choice of how often they are e-mailed each kind of notification."""

from django import forms

from actionplans.models.notifications import CHOSEN_KINDS, Frequency

# What the page asks of each kind: the legend of its radios.
QUESTIONS = {
    "update_submitted": "When an update is submitted for you to check",
    "update_returned": "When your update is returned to you",
    "update_approved": "When your update is approved",
    "update_commented": "When someone comments on an update you work on",
    "update_left_out": "When a round is published without your update",
    "round_published": "When a progress update is published to a committee you sit on",
    "response_due": "When an executive response falls due",
    "followed": "When a review or action you follow changes",
}
HINTS = {
    "update_submitted": "For link officers: the e-mail links to the update to approve or return.",
    "update_returned": "With the link officer's comment.",
    "update_commented": "The officers, the review's link officers and democratic services write to each other "
    "about an update while its round is open: the e-mail quotes the comment, unless the update is exempt information.",
    "update_left_out": (
        "An update not approved in time reads “No update received” in the committee's paper: "
        "the e-mail quotes what you wrote, for the next round."
    ),
    "round_published": "For committee members.",
    "response_due": "For clerks: once when the response is due within a week, and again if its due date changes.",
    "followed": "A progress update or the committee's decisions published, the executive's response published, "
    "or a target date changed.",
}


class NotificationChoicesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in CHOSEN_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=QUESTIONS[kind.value],
                help_text=HINTS.get(kind.value, ""),
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how often you are e-mailed {QUESTIONS[kind.value][0].lower()}"
                    f"{QUESTIONS[kind.value][1:]}",
                    "invalid_choice": "Choose each time, in a daily digest or never",
                },
            )
