"""The IDF table read from jieba's file is exactly what jieba.analyse would use."""

import jieba.analyse

from monitor.classify import keywords


def test_idf_table_matches_jieba_analyse():
    tfidf = jieba.analyse.default_tfidf
    assert keywords.idf_table() == (tfidf.idf_freq, tfidf.median_idf)
    assert keywords.JIEBA_STOP == frozenset(tfidf.stop_words)
