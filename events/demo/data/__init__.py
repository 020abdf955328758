"""The words the demo is written with: name parts, places, per-field technical topics, plain-spoken demands.

Only data lives here (tuples of strings and small frozen records); the code that combines them is one level up.
Everything is fictional: the city 江城 (Jiangcheng), its districts, universities and companies do not exist.
"""
