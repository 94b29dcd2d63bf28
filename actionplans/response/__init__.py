"""A review's final report and the executive's response to each
recommendation, recorded and published by a clerk. Its views, forms and
addresses (the response as a document is reports/executive_response/)."""
