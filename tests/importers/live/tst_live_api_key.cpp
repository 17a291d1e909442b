#include <QtTest>

#include <set>

#include "importers/live/live_api_key.h"

using namespace sightline;

class TestLiveApiKey : public QObject {
  Q_OBJECT
 private slots:
  void noKeyAcceptsEveryRequest() {
    QVERIFY(apiKeyAccepts("", "", ""));
    QVERIFY(apiKeyAccepts("", "Bearer whatever", ""));
  }
  void bearerAndHeaderAreAccepted() {
    QVERIFY(apiKeyAccepts("k3y", "Bearer k3y", ""));
    QVERIFY(apiKeyAccepts("k3y", "bearer  k3y ", ""));
    QVERIFY(apiKeyAccepts("k3y", "", "k3y"));
    // Either header may carry it: a wrong bearer with a right x-api-key passes.
    QVERIFY(apiKeyAccepts("k3y", "Bearer other", "k3y"));
  }
  void wrongOrMissingKeysAreRefused() {
    QVERIFY(!apiKeyAccepts("k3y", "", ""));
    QVERIFY(!apiKeyAccepts("k3y", "k3y", ""));  // no scheme
    QVERIFY(!apiKeyAccepts("k3y", "Basic k3y", ""));
    QVERIFY(!apiKeyAccepts("k3y", "Bearer k3", ""));
    QVERIFY(!apiKeyAccepts("k3y", "Bearer k3yy", ""));
    QVERIFY(!apiKeyAccepts("k3y", "Bearer ", ""));
    QVERIFY(!apiKeyAccepts("k3y", "", "K3Y"));
    QVERIFY(!apiKeyAccepts("k3y", "", std::string_view("k3y\0", 4)));
  }
  void generatedKeysAreHexAndDiffer() {
    std::set<std::string> keys;
    for (int i = 0; i < 50; ++i) {
      const std::string key = generateApiKey();
      QCOMPARE(key.size(), std::size_t(32));
      QVERIFY(key.find_first_not_of("0123456789abcdef") == std::string::npos);
      keys.insert(key);
    }
    QCOMPARE(keys.size(), std::size_t(50));
  }
};

QTEST_GUILESS_MAIN(TestLiveApiKey)
#include "tst_live_api_key.moc"
