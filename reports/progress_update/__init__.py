"""The Progress Update: a review's scrutiny monitoring paper, gathered once
(builder.py) and printed as a web page, PDF, Word and Excel; its export
form, its pages and a published round's stored files."""
