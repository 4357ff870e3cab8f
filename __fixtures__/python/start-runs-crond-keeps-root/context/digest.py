import os
import feedparser

out = os.environ["DIGEST_OUT"]
feed = feedparser.parse("https://example.org/feed.xml")
with open(os.path.join(out, "digest.txt"), "w") as handle:
    for entry in feed.entries[:10]:
        handle.write(entry.title + "\n")
