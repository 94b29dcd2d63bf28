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
    # The id of the page's form the box is part of (part_of), if any.
    joins = ""

    def part_of(self, form_id: str) -> "CommentForm":
        """The box joins the page's form `form_id` (the officer's update),
        posted with it by the button named "comment"."""
        self.fields["text"].widget.attrs["form"] = form_id
        self.joins = form_id
        return self

    def back_to(self) -> str:
        return BACK_TO[self.cleaned_data.get("back") or ""]
