from django import forms

from actionplans.text import CleanTextMixin

# Where a comment posted from another page goes back to: the officer's
# update page, the checker's page, or the conversation's own page.
BACK_TO = {"update": "update_entry", "approve": "approve_entry", "": "update_comments"}


class CommentForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label="Add a comment",
        help_text="The update's officers, the review's link officers and democratic services read it. "
        "It is not printed in the committee's papers.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )
    back = forms.ChoiceField(choices=[(key, key) for key in BACK_TO], required=False, widget=forms.HiddenInput)

    def back_to(self) -> str:
        return BACK_TO[self.cleaned_data.get("back") or ""]
