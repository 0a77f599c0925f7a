"""Uploaded images carry no metadata: no stored or served file keeps EXIF (GPS position,
camera serial, author), XMP, IPTC or comments, in any format; orientation is applied;
`qalam media strip` cleans a library filled before uploads were cleaned.

exiftool (Debian's libimage-exiftool-perl) writes the metadata into the test images and
reads every stored file back.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import EditorTokenTestCase, call, png, run_qalam

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
EXIFTOOL = shutil.which("exiftool")
if not EXIFTOOL:
    raise RuntimeError("exiftool is missing: scripts/bootstrap installs Debian's libimage-exiftool-perl")
SECRETS = ("Secret Source Name", "123456789", "40.3777", "49.892", "Ismayilov Photo Agency", "a private note")
TAGS = ["-GPSLatitude=40.3777", "-GPSLatitudeRef=N", "-GPSLongitude=49.8920", "-GPSLongitudeRef=E",
        "-Artist=Secret Source Name", "-SerialNumber=123456789", "-XMP-dc:Creator=Secret Source Name",
        "-XMP-dc:Rights=Ismayilov Photo Agency", "-Comment=a private note"]


def exif_tags(path):
    """Every tag exiftool finds, as {group:name: value}, without the file system's own."""
    done = subprocess.run([EXIFTOOL, "-j", "-G1", "-a", "-u", path], capture_output=True, text=True, check=True)
    tags = json.loads(done.stdout)[0]
    return {k: v for k, v in tags.items() if not k.startswith(("System:", "ExifTool:", "SourceFile", "File:"))}


def with_metadata(data, suffix, extra=()):
    """The image with the secrets written in by exiftool."""
    folder = tempfile.mkdtemp(prefix="qalam_exif_")
    path = os.path.join(folder, "in" + suffix)
    with open(path, "wb") as f:
        f.write(data)
    tags = TAGS + list(extra)
    if suffix == ".jpg":
        tags += ["-IPTC:By-line=Secret Source Name", "-IPTC:Credit=Ismayilov Photo Agency"]
    done = subprocess.run([EXIFTOOL, "-overwrite_original", "-q", "-q", *tags, path], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(path, "rb") as f:
        out = f.read()
    shutil.rmtree(folder)
    return out


class UploadedImagesCarryNoMetadata(EditorTokenTestCase):
    config = {"media.upload_limit_bytes": "4000000"}

    def upload(self, data):
        status, _, raw = call(self.server, "POST", "/api/v1/admin/media?alt=Photo", data,
                              {"Content-Type": "application/octet-stream"}, self.token)
        self.assertEqual(status, 201, raw)
        return json.loads(raw)

    def stored_files(self, doc):
        stem = doc["url"].rsplit("/", 1)[1].rsplit(".", 1)[0]
        folder = os.path.join(self.site.dir, "media")
        return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(stem))

    def assert_clean(self, doc, expected_files):
        files = self.stored_files(doc)
        self.assertEqual(len(files), expected_files, files)
        urls = [doc["url"]] + [v["url"] for v in doc["variants"]]
        for path in files:
            tags = exif_tags(path)
            for key in tags:
                self.assertFalse(key.startswith(("GPS", "IFD0", "ExifIFD", "XMP", "IPTC", "ICC", "IFD1")),
                                 f"{os.path.basename(path)} keeps {key}: {tags[key]}")
            with open(path, "rb") as f:
                raw = f.read()
            for secret in SECRETS:
                self.assertNotIn(secret.encode(), raw, os.path.basename(path))
        for url in urls:  # what readers get is what is stored
            status, headers, body = call(self.server, "GET", url)
            self.assertEqual(status, 200)
            self.assertEqual(headers.get("x-content-type-options"), "nosniff", url)
            for secret in SECRETS:
                self.assertNotIn(secret.encode(), body, url)

    def test_the_fixture_really_carries_the_secrets(self):
        # Guards the test itself: exiftool wrote what the other tests look for.
        with open(os.path.join(FIXTURES, "photo.jpg"), "rb") as f:
            dirty = with_metadata(f.read(), ".jpg")
        path = os.path.join(self.site.dir, "dirty.jpg")
        with open(path, "wb") as f:
            f.write(dirty)
        tags = exif_tags(path)
        self.assertEqual(tags.get("IFD0:Artist"), "Secret Source Name", tags)
        self.assertIn("GPS:GPSLatitude", tags)
        self.assertIn("ExifIFD:SerialNumber", tags)
        self.assertIn("IPTC:By-line", tags)

    def test_a_jpeg_with_gps_serial_and_author_is_stored_without_them(self):
        with open(os.path.join(FIXTURES, "photo.jpg"), "rb") as f:
            doc = self.upload(with_metadata(f.read(), ".jpg"))
        self.assertEqual((doc["width"], doc["height"], doc["mime"]), (1200, 800, "image/jpeg"))
        self.assertEqual([v["width"] for v in doc["variants"]], [480, 960, 1200])
        self.assert_clean(doc, 4)

    def test_orientation_is_applied_to_the_pixels(self):
        with open(os.path.join(FIXTURES, "photo.jpg"), "rb") as f:
            doc = self.upload(with_metadata(f.read(), ".jpg", ["-Orientation#=6"]))
        self.assertEqual((doc["width"], doc["height"]), (800, 1200))  # turned upright
        self.assertEqual([v["width"] for v in doc["variants"]], [480, 800])
        self.assert_clean(doc, 3)
        tags = exif_tags(self.stored_files(doc)[-1])
        self.assertNotIn("IFD0:Orientation", tags)
        self.assertEqual(tags.get("Composite:ImageSize"), "800x1200")

    def test_png_with_exif_xmp_and_text_chunks(self):
        doc = self.upload(with_metadata(png(700, 400), ".png"))
        self.assertEqual(doc["mime"], "image/png")
        self.assert_clean(doc, 3)

    def test_webp_with_exif_and_xmp(self):
        made = self.upload(png(640, 360))
        _, _, webp = call(self.server, "GET", made["variants"][0]["url"])
        doc = self.upload(with_metadata(webp, ".webp"))
        self.assertEqual(doc["mime"], "image/webp")
        self.assert_clean(doc, 2)

    def test_gif_with_xmp_and_comment(self):
        gif = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")
        doc = self.upload(with_metadata(gif, ".gif", ["-GPSLatitude=", "-GPSLatitudeRef=", "-GPSLongitude=",
                                                      "-GPSLongitudeRef=", "-Artist=", "-SerialNumber="]))
        self.assertEqual(doc["mime"], "image/gif")
        self.assert_clean(doc, 2)


class MediaStripCleansAnExistingLibrary(EditorTokenTestCase):

    def test_strip_rewrites_old_uploads_in_place(self):
        with open(os.path.join(FIXTURES, "photo.jpg"), "rb") as f:
            clean = f.read()
        status, _, raw = call(self.server, "POST", "/api/v1/admin/media", clean,
                              {"Content-Type": "image/jpeg"}, self.token)
        self.assertEqual(status, 201, raw)
        doc = json.loads(raw)
        folder = os.path.join(self.site.dir, "media")
        stem = doc["url"].rsplit("/", 1)[1].rsplit(".", 1)[0]
        # As a library filled before this release holds them: the upload's own bytes,
        # metadata and all, and variants that kept it.
        dirty = with_metadata(clean, ".jpg")
        names = sorted(n for n in os.listdir(folder) if n.startswith(stem))
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".jpg"):
                with open(path, "wb") as f:
                    f.write(dirty)
            else:
                subprocess.run([EXIFTOOL, "-overwrite_original", "-q", "-q", *TAGS[:6], path], check=True)
            self.assertIn("IFD0:Artist", exif_tags(path), name)

        done = run_qalam("media", "strip", "--site", self.site.dir)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("cleaned 1 of 1 images", done.stdout)
        self.assertIn("1/1 images (100%)", done.stderr)  # progress
        self.assertEqual(sorted(n for n in os.listdir(folder) if n.startswith(stem)), names)  # same names
        for name in names:
            tags = exif_tags(os.path.join(folder, name))
            self.assertFalse([k for k in tags if k.startswith(("GPS", "IFD0", "ExifIFD", "XMP", "IPTC"))], (name, tags))
        status, _, body = call(self.server, "GET", doc["url"])
        self.assertEqual(status, 200)
        self.assertNotIn(b"Secret Source Name", body)


class MediaStripReportsWhatItCannotClean(EditorTokenTestCase):

    def test_a_missing_original_is_named_and_the_rest_cleaned(self):
        site_media = os.path.join(self.site.dir, "media")
        status, _, raw = call(self.server, "POST", "/api/v1/admin/media", png(300, 200),
                              {"Content-Type": "image/png"}, self.token)
        self.assertEqual(status, 201, raw)
        doc = json.loads(raw)
        os.remove(os.path.join(site_media, doc["url"].rsplit("/", 1)[1]))
        status, _, raw = call(self.server, "POST", "/api/v1/admin/media", png(200, 100),
                              {"Content-Type": "image/png"}, self.token)
        self.assertEqual(status, 201, raw)
        done = run_qalam("media", "strip", "--site", self.site.dir)
        self.assertEqual(done.returncode, 1, done.stdout)
        self.assertIn("cleaned 1 of 2 images", done.stdout)
        self.assertIn(doc["url"].rsplit("/", 1)[1] + ": the original file", done.stderr)
        self.assertIn("could not be cleaned", done.stdout)


if __name__ == "__main__":
    unittest.main()
