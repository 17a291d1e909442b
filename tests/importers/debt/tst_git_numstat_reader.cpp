#include <QtTest>

#include <set>

#include "importers/debt/git_numstat_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

constexpr std::int64_t kSecond = 1000000000;

}  // namespace

class TestGitNumstatReader : public QObject {
  Q_OBJECT

 private slots:
  void fixture() {
    const std::string text = fileText(debtShop("git-numstat.txt"));
    QCOMPARE(detectedFormat(text), std::string("git-numstat"));
    GitNumstatReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 4, 13), std::string());
    const auto& changes = sink.all.changes;
    const QJsonValue numstat = at(expectedJson(), {"totals", "numstat"});
    std::uint64_t added = 0;
    std::uint64_t deleted = 0;
    std::set<std::string> commits;
    int binary = 0;
    for (const auto& change : changes) {
      added += change.added.value_or(0);
      deleted += change.deleted.value_or(0);
      commits.insert(change.commit);
      QCOMPARE(change.commit.size(), std::size_t(40));
      QVERIFY2(change.author.find(" <") != std::string::npos, change.author.c_str());
      binary += !change.added;
    }
    QCOMPARE(double(added), double(at(numstat, {"added"}).toInt()));
    QCOMPARE(double(deleted), double(at(numstat, {"deleted"}).toInt()));
    // Merges list no files.
    QCOMPARE(int(commits.size()),
             at(numstat, {"commits"}).toInt() - at(numstat, {"merges"}).toInt());
    QCOMPARE(binary, 1);
    // The newest commit first, as git log writes it.
    QCOMPARE(changes.front().path, std::string("services/payment/fraud_more_test.go"));
    QCOMPARE(
        changes.front().timeUnixNano,
        QDateTime::fromString(at(numstat, {"last"}).toString(), Qt::ISODate).toSecsSinceEpoch() *
            kSecond);
    QCOMPARE(
        changes.back().timeUnixNano,
        QDateTime::fromString(at(numstat, {"first"}).toString(), Qt::ISODate).toSecsSinceEpoch() *
            kSecond);
    QCOMPARE(changes.front().author, std::string("Chloé Martin <chloe.martin@shop.example>"));
    const auto renamed = std::find_if(changes.begin(), changes.end(), [](const auto& change) {
      return change.added == 27u && change.deleted == 3u;
    });
    QVERIFY(renamed != changes.end());
    QCOMPARE(renamed->path, std::string("services/orders-worker/consume.go"));
    // Per service, the churn equals the reference.
    const QJsonObject services = at(expectedJson(), {"services"}).toObject();
    for (auto service = services.begin(); service != services.end(); ++service) {
      const std::string prefix = "services/" + service.key().toStdString() + "/";
      std::uint64_t serviceAdded = 0;
      int fileChanges = 0;
      for (const auto& change : changes) {
        if (change.path.starts_with(prefix)) {
          serviceAdded += change.added.value_or(0);
          ++fileChanges;
        }
      }
      QCOMPARE(double(serviceAdded), double(at(service.value(), {"churn", "added"}).toInt()));
      QCOMPARE(fileChanges, at(service.value(), {"churn", "file_changes"}).toInt());
    }
  }

  void dates_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("seconds");
    const qint64 t = 1701680400;  // 2023-12-04T09:00:00Z
    QTest::newRow("default") << QByteArray("Mon Dec 4 10:00:00 2023 +0100") << t;
    QTest::newRow("default, two-digit day")
        << QByteArray("Thu Dec 14 10:00:00 2023 +0100") << t + 10 * 86400;
    QTest::newRow("iso") << QByteArray("2023-12-04 10:00:00 +0100") << t;
    QTest::newRow("iso-strict") << QByteArray("2023-12-04T10:00:00+01:00") << t;
    QTest::newRow("iso-strict Z") << QByteArray("2023-12-04T09:00:00Z") << t;
    QTest::newRow("iso-strict west") << QByteArray("2023-12-04T04:00:00-05:00") << t;
    QTest::newRow("rfc") << QByteArray("Mon, 4 Dec 2023 10:00:00 +0100") << t;
    QTest::newRow("unix") << QByteArray("1701680400") << t;
    QTest::newRow("raw") << QByteArray("1701680400 +0100") << t;
    QTest::newRow("short") << QByteArray("2023-12-04") << t - 9 * 3600;
  }
  void dates() {
    QFETCH(QByteArray, text);
    QFETCH(qint64, seconds);
    const auto parsed = parseGitDate(text.toStdString());
    QVERIFY(parsed);
    QCOMPARE(qint64(*parsed), seconds);
  }

  void badDates() {
    for (const char* text : {"2 weeks ago", "2023-13-04 10:00:00 +0100", "2023-02-30",
                             "Mon Dec 4 25:00:00 2023 +0100", "", "Mon Foo 4 10:00:00 2023"}) {
      QVERIFY2(!parseGitDate(text), text);
    }
  }

  void paths_data() {
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("plain") << QByteArray("a/b.go") << QByteArray("a/b.go");
    QTest::newRow("braces") << QByteArray("a/{old => new}/b.go") << QByteArray("a/new/b.go");
    QTest::newRow("braces, file") << QByteArray("dir/{x.go => y.go}") << QByteArray("dir/y.go");
    QTest::newRow("braces, empty old")
        << QByteArray("a/{ => sub}/b.go") << QByteArray("a/sub/b.go");
    QTest::newRow("braces, empty new") << QByteArray("a/{sub => }/b.go") << QByteArray("a//b.go");
    QTest::newRow("whole") << QByteArray("old/x.go => new/y.go") << QByteArray("new/y.go");
    QTest::newRow("quoted") << QByteArray("\"dir/na\\303\\257ve\\tx.go\"")
                            << QByteArray("dir/na\xc3\xafve\tx.go");
  }
  void paths() {
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, path);
    QCOMPARE(numstatNewPath(field.toStdString()), path.toStdString());
  }

  void formats() {
    const std::string text =
        "commit 0123456789abcdef0123456789abcdef01234567 (HEAD -> main, tag: v1)\n"
        "Merge: 1111111 2222222\n"
        "Author: A B <a@b.c>\n"
        "Date:   Mon, 4 Dec 2023 10:00:00 +0100\n"
        "\n"
        "    subject\n"
        "\n"
        "    body line\n"
        "\n"
        "1\t2\ta/{ => sub}/b.go\r\n"
        "-\t-\tlogo.png\n"
        "commit fedcba9876543210fedcba9876543210fedcba98\n"
        "Author:     C <c@d.e>\n"
        "AuthorDate: 1701680400 +0100\n"
        "Commit:     C <c@d.e>\n"
        "CommitDate: 1701690000 +0100\n"
        "\n"
        "    another\n"
        "\n"
        "0\t5\told.go => new.go";
    GitNumstatReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 1, 3), std::string());
    QCOMPARE(sink.batches, std::size_t(3));
    const auto& changes = sink.all.changes;
    QCOMPARE(changes.size(), std::size_t(3));
    QCOMPARE(changes[0].path, std::string("a/sub/b.go"));
    QCOMPARE(changes[0].author, std::string("A B <a@b.c>"));
    QCOMPARE(changes[0].timeUnixNano, 1701680400 * kSecond);
    QCOMPARE(*changes[0].added, std::uint64_t(1));
    QCOMPARE(*changes[0].deleted, std::uint64_t(2));
    QVERIFY(!changes[1].added && !changes[1].deleted);
    QCOMPARE(changes[2].commit, std::string("fedcba9876543210fedcba9876543210fedcba98"));
    QCOMPARE(changes[2].path, std::string("new.go"));
    QCOMPARE(changes[2].timeUnixNano, 1701680400 * kSecond);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("line");
    const QByteArray head =
        "commit 0123456789abcdef0123456789abcdef01234567\nAuthor: A <a@b>\nDate: 1701680400\n\n";
    QTest::newRow("not a log") << QByteArray("hello\n") << QByteArray("expected \"commit <hash>\"")
                               << 1;
    QTest::newRow("bad hash") << QByteArray("commit xyz\n") << QByteArray("expected a commit hash")
                              << 1;
    QTest::newRow("bad counts") << head + "x\t1\ta.go\n" << QByteArray("with counts or \"-\"") << 5;
    QTest::newRow("one tab") << head + "1\ta.go\n"
                             << QByteArray("expected \"added<TAB>deleted<TAB>path\"") << 5;
    QTest::newRow("bad date")
        << QByteArray("commit 0123456789abcdef0123456789abcdef01234567\nDate: yesterday\n")
        << QByteArray("unrecognised date") << 2;
    // Found by fuzz_git_numstat: the year 6125 overflowed the nanoseconds (undefined
    // behaviour); now a clear error.
    QTest::newRow("year 6125") << QByteArray(
                                      "commit 0123456789abcdef0123456789abcdef01234567\nDate:   "
                                      "6125-11-03T10:30:00+01:00\n")
                               << QByteArray("out of range (years 1678 to 2262)") << 2;
    QTest::newRow("no date")
        << QByteArray("commit 0123456789abcdef0123456789abcdef01234567\n\n1\t1\ta.go\n")
        << QByteArray("has no Date line") << 3;
    QTest::newRow("dot dot") << head + "1\t1\ta/../../b.go\n" << QByteArray("\"..\" segment") << 5;
    QTest::newRow("stat output") << head + "1\t1\ta.go\n a.go | 2 +-\n"
                                 << QByteArray("expected a numstat line") << 6;
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    QFETCH(int, line);
    GitNumstatReader reader;
    DebtCollector sink;
    DecodeError error;
    const std::string failure = readDebt(reader, text.toStdString(), sink, 10000, 1 << 20, &error);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
    QCOMPARE(int(error.line), line);
  }

  void sniffer() {
    QCOMPARE(detectedFormat("commit 0123456789abcdef0123456789abcdef01234567\nAuthor: a <b@c>\n"),
             std::string("git-numstat"));
    QCOMPARE(detectedFormat("commit 0123456789abcdef0123456789abcdef01234567"),
             std::string("git-numstat"));
    QCOMPARE(detectedFormat("commit abc\nAuthor: a <b@c>\n"), std::string("none"));
  }
};

QTEST_GUILESS_MAIN(TestGitNumstatReader)
#include "tst_git_numstat_reader.moc"
