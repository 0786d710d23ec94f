"""Photos and units from the directory: `thumbnailPhoto` checked, resized and stored by the sync (real Samba AD),
and malformed photos skipped with a note while everything else syncs."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from intranet.people.models import ProfilePhoto
from intranet.people.photos import PHOTO_SIZE, InvalidPhoto, resize_photo
from sync.directory import DirectoryConfig, DirectoryReader
from sync.service import sync_directory

pytestmark = pytest.mark.django_db
User = get_user_model()


def image_bytes(size=(300, 400), mode="RGB", colour="teal", format="JPEG", **save):
    output = io.BytesIO()
    Image.new(mode, size, colour).save(output, format=format, **save)
    return output.getvalue()


def run(full=False):
    return sync_directory(DirectoryReader(DirectoryConfig.from_settings()), full=full)


def stored(username):
    photo = ProfilePhoto.objects.get(user__username=username)
    with Image.open(io.BytesIO(bytes(photo.image))) as image:
        return image.format, image.size, (photo.width, photo.height)


def test_the_sync_stores_a_resized_photo_and_the_unit(directory):
    directory.modify(directory.people["karin"], thumbnailPhoto=image_bytes((600, 800)), division="Ledningsstaben")
    directory.modify(directory.people["orjan"], thumbnailPhoto=image_bytes((80, 60), mode="RGBA", format="PNG"))
    summary = run(full=True)
    assert stored("karin.akesson") == ("JPEG", (192, PHOTO_SIZE), (192, PHOTO_SIZE))
    assert stored("orjan.ostlund") == ("JPEG", (80, 60), (80, 60))  # never enlarged; transparency on white
    assert User.objects.get(username="karin.akesson").profile.unit == "Ledningsstaben"
    assert not ProfilePhoto.objects.filter(user__username="bjorn.angstrom").exists()  # no photo in AD
    assert not [note for _, note in summary.warnings if "photo" in note]
    # unchanged: nothing to do; a new photo replaces the old; one taken away in AD goes here too
    assert "photo" not in str(run().updated)
    directory.modify(directory.people["karin"], thumbnailPhoto=image_bytes((100, 100)))
    directory.modify(directory.people["orjan"], thumbnailPhoto=None)
    summary = run()
    assert stored("karin.akesson")[1] == (100, 100)
    assert not ProfilePhoto.objects.filter(user__username="orjan.ostlund").exists()
    assert dict(summary.updated)["karin.akesson"] == ["photo"]
    assert dict(summary.updated)["orjan.ostlund"] == ["photo"]


def test_a_malformed_photo_is_skipped_with_a_note_and_the_sync_goes_on(directory):
    directory.modify(directory.people["karin"], thumbnailPhoto="Det här är ingen bild".encode())
    directory.modify(directory.people["bjorn"], thumbnailPhoto=image_bytes()[:200])  # cut off
    directory.modify(directory.people["asa"], thumbnailPhoto=image_bytes((120, 120)), title="Gatuchef")
    summary = run(full=True)
    notes = dict(summary.warnings)
    assert notes["karin.akesson"].startswith("photo skipped: not an image")
    assert notes["bjorn.angstrom"].startswith("photo skipped: not a readable image")
    assert not ProfilePhoto.objects.filter(user__username__in=["karin.akesson", "bjorn.angstrom"]).exists()
    # everything else synced, the good photo included
    assert User.objects.get(username="karin.akesson").profile.job_title == "Socialchef"
    assert stored("asa.nystrom")[1] == (120, 120)
    assert any("note karin.akesson: photo skipped" in line for line in summary.lines())


def test_a_malformed_photo_keeps_the_one_we_had(directory):
    directory.modify(directory.people["karin"], thumbnailPhoto=image_bytes((90, 90)))
    run(full=True)
    directory.modify(directory.people["karin"], thumbnailPhoto=b"GIF89a broken")
    summary = run()
    assert "photo skipped" in dict(summary.warnings)["karin.akesson"]
    assert stored("karin.akesson")[1] == (90, 90)


# The checks themselves, on bytes a directory could hold ----------------------------------------


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not an image"),
        (b"MZ\x90\x00" + b"\x00" * 200, "not an image"),  # an executable
        (b"%PDF-1.4 not a photo", "not an image"),
        (image_bytes(format="TIFF"), "not an image"),  # a real image, in a format we do not take
        (image_bytes()[:-300], "not a readable image"),
        (b"\x00" * (600 * 1024), "more than"),
    ],
)
def test_what_is_not_a_photo_is_refused_with_a_reason(raw, reason):
    with pytest.raises(InvalidPhoto, match=reason):
        resize_photo(raw)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # A small PNG that declares 20,000 × 20,000 pixels.
    bomb = image_bytes((20000, 20000), mode="1", colour=0, format="PNG", optimize=True)
    assert len(bomb) < 512 * 1024
    with pytest.raises(InvalidPhoto, match="pixels"):
        resize_photo(bomb)


def test_what_we_serve_is_our_own_jpeg_without_the_original_metadata():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x0112] = 6  # Orientation: rotated 90°
    original = image_bytes((400, 200), exif=exif.tobytes())
    resized = resize_photo(original)
    with Image.open(io.BytesIO(resized.jpeg)) as image:
        assert image.format == "JPEG"
        assert image.size == (128, 256)  # turned upright, then made to fit
        assert not image.getexif()
    assert b"secret description" not in resized.jpeg


def test_what_the_sync_changes_is_found_in_search_at_once(directory, search_engine):
    from intranet.people.models import Person
    from intranet.people.search import find_people

    def found(query):
        search_engine.get_index_for_model(Person).refresh()
        return [profile.user.username for profile in find_people(query).people]

    run(full=True)
    assert found("Asa Nystrom") == ["asa.nystrom"]
    assert found("Marta Lind") == []  # disabled in AD: never in the directory
    directory.modify(directory.people["asa"], title="Trafikplanerare", telephoneNumber="0921-456 78")
    directory.modify(directory.people["orjan"], userAccountControl=514)
    run()
    assert found("trafikplanerare") == ["asa.nystrom"]
    assert found("45678") == ["asa.nystrom"]
    assert found("Orjan Ostlund") == []
