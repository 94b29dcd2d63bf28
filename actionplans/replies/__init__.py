"""Officers' updates by e-mail (issue 57): the reminder's Reply-To names
the update in a signed token (`actionplans/reply_tokens.py`); a reply is read into the
officer's own words, impact, grade and files (`reading.py`), checked and
saved as the update's draft, or refused with an answer saying why
(`receiving.py`); the reply mailbox is read over IMAP by `manage.py
fetch_replies` (`mailbox.py`), or one message is piped to `manage.py
receive_reply`. Both go through `receiving.receive()`."""
