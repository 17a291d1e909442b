// The OTLP names of span kinds and status codes.
#include <QTest>

#include "model/traces/trace_record_names.h"

using namespace sightline;

class TstTraceRecordNames : public QObject {
  Q_OBJECT

 private slots:
  void namesSpanKinds_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("unspecified") << int(SpanKind::Unspecified) << "UNSPECIFIED";
    QTest::newRow("internal") << int(SpanKind::Internal) << "INTERNAL";
    QTest::newRow("server") << int(SpanKind::Server) << "SERVER";
    QTest::newRow("client") << int(SpanKind::Client) << "CLIENT";
    QTest::newRow("producer") << int(SpanKind::Producer) << "PRODUCER";
    QTest::newRow("consumer") << int(SpanKind::Consumer) << "CONSUMER";
    QTest::newRow("out of range") << 9 << "UNSPECIFIED";
  }
  void namesSpanKinds() {
    QFETCH(int, kind);
    QFETCH(QString, name);
    QCOMPARE(spanKindName(static_cast<SpanKind>(kind)), name);
  }

  void namesStatusCodes_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("unset") << int(StatusCode::Unset) << "UNSET";
    QTest::newRow("ok") << int(StatusCode::Ok) << "OK";
    QTest::newRow("error") << int(StatusCode::Error) << "ERROR";
    QTest::newRow("out of range") << 7 << "UNSET";
  }
  void namesStatusCodes() {
    QFETCH(int, code);
    QFETCH(QString, name);
    QCOMPARE(statusCodeName(static_cast<StatusCode>(code)), name);
  }
};

QTEST_GUILESS_MAIN(TstTraceRecordNames)
#include "tst_trace_record_names.moc"
