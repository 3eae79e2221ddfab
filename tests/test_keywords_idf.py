"""The IDF table read from jieba's file is exactly what jieba.analyse would use."""

import jieba.analyse

from monitor.classify import keywords


def test_idf_table_matches_jieba_analyse():
    tfidf = jieba.analyse.default_tfidf
    table, median = keywords.idf_table()
    assert len(table) == len(tfidf.idf_freq)
    assert dict(table.items()) == tfidf.idf_freq  # every word, every value to the last bit
    assert median == tfidf.median_idf
    assert keywords.JIEBA_STOP == frozenset(tfidf.stop_words)


def test_idf_table_lookup_falls_back_to_the_default(tmp_path):
    path = tmp_path / "idf.txt"
    path.write_text("路灯 8.5\n井盖 9.25\n\n路灯 7.75\n只有词\n", encoding="utf-8")
    table = keywords.IdfTable.read(path)
    assert len(table) == 2
    assert table.get("路灯", 0.0) == 7.75  # a repeated word: its last line, as a dict would keep
    assert table.get("井盖", 0.0) == 9.25
    assert table.get("噪音", 1.5) == 1.5
    assert table.median() == 9.25
