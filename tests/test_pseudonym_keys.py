"""The secret key: where it comes from, how `safename init` creates it, and why it is needed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from safename.cli.main import cli
from safename.pseudonym.derive import Deriver, normalise_name
from safename.pseudonym.keys import (
    ENV_VAR,
    KeyProblem,
    SecretKey,
    config_dir,
    create_key_file,
    ephemeral_key,
    load_key,
    parse_key,
)
from safename.pseudonym.registry import PseudonymRegistry
from safename.textutil import fold

KEY = bytes(range(32))
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_key_parses_from_hex_and_both_base64_alphabets() -> None:
    assert parse_key(KEY.hex()) == KEY
    assert parse_key("  " + KEY.hex().upper() + "\n") == KEY
    assert parse_key(base64.b64encode(KEY).decode()) == KEY
    assert parse_key(base64.urlsafe_b64encode(b"\xfb" * 32).decode().rstrip("=")) == b"\xfb" * 32


@pytest.mark.parametrize("bad", ["", "abc", "00" * 16, base64.b64encode(b"x" * 16).decode()])
def test_short_or_malformed_keys_are_refused(bad: str) -> None:
    with pytest.raises(KeyProblem):
        parse_key(bad)


def test_key_material_is_never_printed() -> None:
    key = SecretKey(KEY, "test")
    assert KEY.hex() not in repr(key) and str(list(KEY)) not in repr(key)
    assert (
        len(key.fingerprint) == 16 and key.fingerprint != SecretKey(b"\x02" * 32, "t").fingerprint
    )


def test_config_dir_follows_xdg_home_and_appdata(tmp_path: Path) -> None:
    assert config_dir({"XDG_CONFIG_HOME": str(tmp_path)}, "linux") == tmp_path / "safename"
    assert config_dir({}, "linux") == Path.home() / ".config" / "safename"
    assert config_dir({"APPDATA": str(tmp_path)}, "win32") == tmp_path / "safename"


def test_environment_key_wins_over_the_key_file(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    path, written = create_key_file(config_dir(env) / "key")
    from_file = load_key(env=env)
    assert from_file.material == written.material and not from_file.ephemeral
    assert from_file.source == str(path)
    # Keys that look generated: these mappings do not carry SAFENAME_ALLOW_PUBLIC_KEY.
    env_key, argument_key = hashlib.sha256(b"env").digest(), hashlib.sha256(b"arg").digest()
    from_env = load_key(env={**env, ENV_VAR: env_key.hex()})
    assert from_env.material == env_key and from_env.source == ENV_VAR
    assert load_key(argument_key, env={ENV_VAR: env_key.hex()}).material == argument_key


def test_a_bad_environment_key_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(KeyProblem, match=ENV_VAR):
        load_key(env={ENV_VAR: "not-a-key"})


def test_without_any_key_a_random_per_run_key_is_used(tmp_path: Path) -> None:
    key = load_key(env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert key.ephemeral
    # One per process: every Redactor of a run agrees on pseudonyms.
    assert key is ephemeral_key()


@posix_only
def test_key_file_is_created_0600_and_never_overwritten_silently(tmp_path: Path) -> None:
    path, key = create_key_file(tmp_path / "conf" / "safename" / "key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert parse_key(path.read_text()) == key.material
    with pytest.raises(KeyProblem, match="already exists"):
        create_key_file(path)
    _, replaced = create_key_file(path, force=True)
    assert replaced.material != key.material


@posix_only
def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path, _ = create_key_file(tmp_path / "key")
    path.chmod(0o644)
    with pytest.raises(KeyProblem, match="chmod 600"):
        load_key(env={}, path=path)


def test_no_key_is_written_inside_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(KeyProblem, match="git work tree"):
        create_key_file(tmp_path / "repo" / "config" / "safename" / "key")
    assert not (tmp_path / "repo" / "config").exists()


@posix_only
def test_safename_init_creates_the_key_in_the_config_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), ENV_VAR: ""}
    result = runner.invoke(cli, ["init"], env=env)
    assert result.exit_code == 0, result.output
    key_path = tmp_path / "cfg" / "safename" / "key"
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert len(parse_key(key_path.read_text())) == 32
    written = key_path.read_text()
    # Idempotent, so a setup script can run it again: the key is kept, exit 0.
    again = runner.invoke(cli, ["init"], env=env)
    assert again.exit_code == 0, again.output
    fingerprint = SecretKey(parse_key(written), "k").fingerprint
    assert again.output.strip() == (
        f"safename: {key_path} already holds a key (fingerprint {fingerprint}); unchanged"
    )
    assert key_path.read_text() == written
    replaced = runner.invoke(cli, ["init", "--force"], env=env)
    assert replaced.exit_code == 0 and key_path.read_text() != written


def test_safename_init_refuses_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = CliRunner().invoke(cli, ["init"], env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert result.exit_code == 2
    assert "refusing to write a key inside the git work tree" in result.output


# -- derivation -------------------------------------------------------------------------------


def test_derivation_is_keyed_not_a_plain_hash_of_the_name() -> None:
    name = normalise_name("Aminata  TRAORÉ")
    assert name == "aminata traore"
    digest = Deriver(KEY).digest("given", name)
    assert digest != hashlib.sha256(name.encode()).digest()
    assert digest == Deriver(KEY).digest("given", name)
    assert digest != Deriver(b"\x02" * 32).digest("given", name)


def test_ranking_depends_on_the_key_and_survives_a_growing_pool() -> None:
    pool = [f"Name{i}" for i in range(200)]
    first = Deriver(KEY).choose("given:f", "aminata", pool)
    assert first == Deriver(KEY).choose("given:f", "aminata", list(reversed(pool)))
    # Rendezvous ranking: adding names only moves a pseudonym when a new name ranks first.
    bigger = pool + [f"Extra{i}" for i in range(20)]
    moved = sum(
        Deriver(bytes([k]) * 32).choose("given:f", "aminata", pool)
        != Deriver(bytes([k]) * 32).choose("given:f", "aminata", bigger)
        for k in range(50)
    )
    assert moved < 15  # about 20/220 of the keys expected
    picks = {Deriver(bytes([k]) * 32).choose("given:f", "aminata", pool) for k in range(50)}
    assert len(picks) > 30  # the key, not the name, decides


def test_registry_digests_reveal_nothing_without_the_key() -> None:
    digest = PseudonymRegistry.digest(Deriver(KEY), "given", "Aminata", "f")
    assert len(digest) == 32 and "aminata" not in digest
    assert digest == PseudonymRegistry.digest(Deriver(KEY), "given", "AMINATA", "f")
    assert digest != PseudonymRegistry.digest(Deriver(b"\x02" * 32), "given", "Aminata", "f")


@pytest.mark.parametrize("key", [bytes(range(32)), bytes(range(200, 256)) * 2])
def test_rankings_are_hmac_sha256_of_purpose_value_and_candidate(key: bytes) -> None:
    """The ranking is the order of HMAC-SHA256(key, purpose 0x1f value 0x1f fold(candidate)):
    pseudonyms of existing users depend on it, whatever the implementation does for speed."""
    candidates = ["Awa", "Bintou", "Kadiatou", "Aïssata", "Mariam", "Fanta"]
    expected = sorted(
        candidates,
        key=lambda c: hmac.new(
            key, b"given:f\x1faminata\x1f" + fold(c).encode(), "sha256"
        ).digest(),
    )
    assert Deriver(key).ranked("given:f", "aminata", candidates) == expected
