"""The offline Qwen2.5 tokenizer: same ids as tiktoken on the same ranks, Qwen's added-token ids, chat layout."""

from __future__ import annotations

import random
import unicodedata

import pytest
import tiktoken
from tiktoken.load import load_tiktoken_bpe

from v2t.tokenizer import ADDED_TOKENS, QWEN_SPLIT_REGEX, load_tokenizer, ranks_path

FRAGMENTS = [
    "嗯", "那个", "就是", "帮我", "查一下", "明天北京会不会下雨啊", "哦不对", "我是说", "打开", "淘宝",
    "，", "。", "？", "！", "、", "《三体》", "“引号”", "：", "；", "（括号）", "——", "…", "　",
    '{"task_type":"search"', '","', '"},"', '":{"', '":"', "}", "[1,2,3]", "true", "false", "null",
    "https://www.baidu.com/s?wd=天气", "lihua@qq.com", "138 0013 8000", "2024年5月1日", "3.14",
    " ", "  ", "\n", "\r\n", "\t", "Hello", " world", "don't", "I'LL", "GPT-4o", "😀", "👍🏽", "𠮷", "鿰",
    "é", "ñ", "Ω", "한국어", "日本語です", "ASR 转写 有 空格", "'s", "100%", "#tag", "a_b-c",
]


def _strings(n: int) -> list[str]:
    rng = random.Random(20261121)
    out = []
    for i in range(n):
        parts = rng.choices(FRAGMENTS, k=rng.randint(1, 8))
        if i % 3 == 0:  # raw CJK from the unified block, most of them rare characters
            parts.append("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 6))))
        out.append("".join(parts))
    return [unicodedata.normalize("NFC", s) for s in out]


def test_ids_equal_tiktoken_on_chinese_json_and_mixed_strings(tok):
    enc = tiktoken.Encoding("qwen", pat_str=QWEN_SPLIT_REGEX, mergeable_ranks=load_tiktoken_bpe(str(ranks_path())),
                            special_tokens={})
    strings = _strings(1200)
    mismatches = [s for s in strings if tok.encode(s, add_special_tokens=False) != enc.encode_ordinary(s)]
    assert len(strings) >= 1000
    assert mismatches == []


def test_added_tokens_have_qwen_ids_and_special_flags(tok):
    assert len(tok) == 151665
    assert tok.convert_tokens_to_ids(["<|endoftext|>", "<|im_start|>", "<|im_end|>"]) == [151643, 151644, 151645]
    assert tok.eos_token_id == 151645 and tok.pad_token_id == 151643
    decoder = tok.added_tokens_decoder
    for i, (content, special) in enumerate(ADDED_TOKENS):
        assert decoder[151643 + i].content == content
        assert decoder[151643 + i].special is special
    assert tok.decode([151657, 151664], skip_special_tokens=True) == "<tool_call><|file_sep|>"


def test_known_qwen_ids(tok):
    # ids every Qwen2.5 chat prompt contains: "system", "\n", "user", "assistant"
    assert tok.encode("system\nuser assistant", add_special_tokens=False)[:3] == [8948, 198, 872]
    assert tok.encode("assistant", add_special_tokens=False) == [77091]


def test_nfc_normalisation(tok):
    decomposed = "e\u0301"
    assert tok.encode(decomposed, add_special_tokens=False) == tok.encode("é", add_special_tokens=False)


def test_chat_template_layout(tok):
    text = tok.apply_chat_template(
        [{"role": "system", "content": "规则"}, {"role": "user", "content": "打开百度"}],
        tokenize=False, add_generation_prompt=True,
    )
    assert text == "<|im_start|>system\n规则<|im_end|>\n<|im_start|>user\n打开百度<|im_end|>\n<|im_start|>assistant\n"


def test_second_load_comes_from_the_cache(tok):
    import v2t.tokenizer as mod

    assert list(mod.cache_root().glob("tokenizer/*/tokenizer.json"))
    assert load_tokenizer() is tok


def test_checkpoint_directory_tokenizer_is_used(tok, tmp_path):
    tok.save_pretrained(str(tmp_path))
    from_dir = load_tokenizer(str(tmp_path))
    assert from_dir is not tok
    text = "嗯帮我查一下那个明天北京会不会下雨啊"
    assert from_dir.encode(text, add_special_tokens=False) == tok.encode(text, add_special_tokens=False)


def test_missing_checkpoint_directory_is_a_user_error(tmp_path):
    from v2t.errors import UserError

    with pytest.raises(UserError, match="not found"):
        load_tokenizer(str(tmp_path / "nope"))
