from django import forms

from reports.search.query import MAX_CHARS, MIN_CHARS, clean_query, has_words


class SearchForm(forms.Form):
    """The search box: some words, at least MIN_CHARS characters of them."""

    q = forms.CharField(
        label="Search reviews, recommendations, actions and evidence",
        required=False,
        error_messages={"max_length": f"Enter {MAX_CHARS} characters or fewer"},
        max_length=MAX_CHARS,
        strip=True,
    )

    def clean_q(self):
        text = clean_query(self.cleaned_data["q"])
        if not text:
            raise forms.ValidationError("Enter the words to search for")
        if len(text) < MIN_CHARS or not has_words(text):
            raise forms.ValidationError(f"Enter at least {MIN_CHARS} characters, letters or numbers, to search for")
        return text
