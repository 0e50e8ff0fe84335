"""Writing incident files for people: `statuspress new`, `update`, `resolve` and `review`.

- files.py: where an incident's file is, and how a file is written (atomically, never over a change);
- text.py: the YAML text of new things (a whole file, one update), emitted by ruamel.yaml;
- splice.py: the new lines put into an existing file's own text, everything else byte for byte;
- edit.py: the one edit primitive every command goes through: read → change → prove → check → write;
- update.py and review.py: the two edits of an existing file (append an update, draft a review);
- lookup.py, prompts.py, receipt.py: finding ids, asking at a terminal, and what subscribers will see.
"""
