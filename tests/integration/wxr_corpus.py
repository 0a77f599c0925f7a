"""A synthetic WordPress export (WXR 1.2) of a trilingual news site, written as a
stream so it can hold 100,000 posts: Polylang translation groups in az, en and ru,
nested categories, tags, authors with Co-Authors Plus bylines, classic and block
content with captions, galleries, links to earlier posts and unknown shortcodes, and
attachments whose files (small PNGs) go into an uploads folder when one is given.

    python3 wxr_corpus.py --posts 100000 --out big.xml [--uploads DIR] [--images N]

Used by tests/integration/test_wordpress_import.py and bench/wordpress_import.py.
"""
import argparse
import os
import random
import sys

SITE = "https://old.example.az"
LANGS = ("az", "en", "ru")
WORDS = {
    "az": "Azərbaycan iqtisadiyyat sülh Qarabağ enerji dəhliz regional əməkdaşlıq tarix mədəniyyət ölkə dövlət".split(),
    "en": "Azerbaijan economy peace Karabakh energy corridor regional cooperation history culture country state".split(),
    "ru": "Азербайджан экономика мир Карабах энергия коридор региональный сотрудничество история культура страна".split(),
}
CATEGORIES = [("news", "", "News"), ("analysis", "", "Analysis"), ("opinion", "", "Opinion"),
              ("economy", "news", "Economy"), ("energy", "economy", "Energy"), ("politics", "news", "Politics")]
AUTHORS = [(f"author{i}", f"Author Number {i}") for i in range(1, 11)]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def png_bytes():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from harness import png
    return png(8, 6)


def post_id(group, lang_index):
    return 1000 + group * 4 + lang_index


def attachment_id(n):
    return 1000000 + n


def title(rng, lang, group):
    return f"{rng.choice(WORDS[lang]).capitalize()} {rng.choice(WORDS[lang])} {group}"


def slug(lang, group):
    return f"{lang}-story-{group}"


def date(group):
    day = group % 28 + 1
    month = group // 28 % 12 + 1
    year = 2010 + group // 336 % 15
    return f"{year:04d}-{month:02d}-{day:02d} {group % 24:02d}:{group % 60:02d}:00"


def link(lang, group):
    d = date(group)
    return f"{SITE}/{d[0:4]}/{d[5:7]}/{d[8:10]}/{slug(lang, group)}/"


def body(rng, lang, group, images):
    words = WORDS[lang]
    paras = [" ".join(rng.choice(words) for _ in range(40)) for _ in range(4)]
    out = []
    if group % 2 == 0:  # classic editor: wpautop paragraphs
        out.append(paras[0] + "\n" + paras[1])
        if group > 0:
            out.append(f'See <a href="{link(lang, group - 1)}">the previous story</a> and <strong>more</strong>.')
        if images and group % 10 == 0:
            n = group // 10 % images
            out.append(f'[caption id="attachment_{attachment_id(n)}" width="800"]<img src="{SITE}/wp-content/uploads/'
                       f'2020/01/photo-{n}-300x200.png" alt="Photo {n}" /> Caption {n}[/caption]')
        if group % 7 == 0:
            out.append("[contact-form-7 id=\"12\"]")
        out.append(paras[2])
        return "\n\n".join(out)
    out.append(f"<!-- wp:paragraph -->\n<p>{paras[0]}</p>\n<!-- /wp:paragraph -->")
    out.append(f"<!-- wp:heading -->\n<h2>{rng.choice(words)}</h2>\n<!-- /wp:heading -->")
    out.append(f"<!-- wp:list -->\n<ul><li>{paras[1][:60]}</li><li>{paras[2][:60]}</li></ul>\n<!-- /wp:list -->")
    if images and group % 10 == 5:
        ids = ",".join(str(attachment_id((group // 10 + k) % images)) for k in range(2))
        out.append(f'[gallery ids="{ids}"]')
    out.append(f"<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>{paras[3][:80]}</p></blockquote>\n<!-- /wp:quote -->")
    return "\n\n".join(out)


def write(out, posts, uploads=None, images=0, seed=7):
    """Writes `posts` posts (in translation groups of three) and `images` attachments."""
    rng = random.Random(seed)
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n'
      '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
      f'<title>Old Example</title>\n<link>{SITE}</link>\n<language>az</language>\n'
      f'<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>{SITE}</wp:base_site_url>\n'
      f'<wp:base_blog_url>{SITE}</wp:base_blog_url>\n')
    for i, (login, name) in enumerate(AUTHORS, 1):
        w(f"<wp:author><wp:author_id>{i}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
          f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n")
    for i, (s, parent, name) in enumerate(CATEGORIES, 1):
        w(f"<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{s}</wp:category_nicename>"
          f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n")
    for i in range(20):
        w(f"<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug>topic-{i}</wp:tag_slug>"
          f"<wp:tag_name>{cdata('Topic ' + str(i))}</wp:tag_name></wp:tag>\n")
    if images:
        blob = png_bytes()
        for n in range(images):
            w(f"<item><title>photo-{n}</title><link>{SITE}/?attachment_id={attachment_id(n)}</link>"
              f"<wp:post_id>{attachment_id(n)}</wp:post_id><wp:post_parent>0</wp:post_parent>"
              f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
              f"<wp:attachment_url>{SITE}/wp-content/uploads/2020/01/photo-{n}.png</wp:attachment_url>"
              f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
              f"<wp:meta_value>{cdata('Photo ' + str(n))}</wp:meta_value></wp:postmeta></item>\n")
            if uploads:
                folder = os.path.join(uploads, "2020", "01")
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, f"photo-{n}.png"), "wb") as f:
                    f.write(blob)
    for k in range(posts):
        group, lang_index = divmod(k, 3)
        lang = LANGS[lang_index]
        pid = post_id(group, lang_index)
        category = CATEGORIES[group % len(CATEGORIES)][0]
        authors = [AUTHORS[group % 10][0]] + ([AUTHORS[(group + 3) % 10][0]] if group % 4 == 0 else [])
        terms = (f'<category domain="category" nicename="{category}">{cdata(category.title())}</category>'
                 f'<category domain="post_tag" nicename="topic-{group % 20}">{cdata("Topic " + str(group % 20))}</category>'
                 f'<category domain="language" nicename="{lang}">{cdata(lang)}</category>'
                 f'<category domain="post_translations" nicename="pll_{group}">{cdata("pll_" + str(group))}</category>')
        terms += "".join(f'<category domain="author" nicename="cap-{a}">{cdata(a)}</category>' for a in authors)
        meta = ""
        if images and group % 3 == 0:
            meta = (f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                    f"<wp:meta_value>{cdata(str(attachment_id(group % images)))}</wp:meta_value></wp:postmeta>")
        status = "draft" if group % 50 == 49 else "publish"
        d = date(group)
        w(f"<item><title>{cdata(title(rng, lang, group))}</title><link>{link(lang, group)}</link>"
          f"<dc:creator>{cdata(authors[0])}</dc:creator><guid isPermaLink=\"false\">{SITE}/?p={pid}</guid>"
          f"<content:encoded>{cdata(body(rng, lang, group, images))}</content:encoded>"
          f"<excerpt:encoded>{cdata('Lead of story ' + str(group))}</excerpt:encoded>"
          f"<wp:post_id>{pid}</wp:post_id><wp:post_date>{d}</wp:post_date><wp:post_date_gmt>{d}</wp:post_date_gmt>"
          f"<wp:post_name>{slug(lang, group)}</wp:post_name><wp:status>{status}</wp:status>"
          f"<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>"
          f"{terms}{meta}</item>\n")
    w("</channel>\n</rss>\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--posts", type=int, default=3000)
    p.add_argument("--images", type=int, default=0)
    p.add_argument("--uploads")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    with open(a.out, "w", encoding="utf-8") as f:
        write(f, a.posts, a.uploads, a.images)


if __name__ == "__main__":
    main()
