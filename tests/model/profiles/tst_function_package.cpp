// packageOfFunction over names as real profilers write them.

#include <QTest>

#include "model/profiles/call_tree.h"

using namespace sightline;

class TestFunctionPackage : public QObject {
  Q_OBJECT

 private slots:
  void package_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("package");

    // Go (runtime/pprof).
    QTest::newRow("go stdlib method")
        << QStringLiteral("net/http.(*conn).serve") << QStringLiteral("net/http");
    QTest::newRow("go runtime") << QStringLiteral("runtime.mallocgc") << QStringLiteral("runtime");
    QTest::newRow("go pointer method")
        << QStringLiteral("sync.(*Mutex).Lock") << QStringLiteral("sync");
    QTest::newRow("go main closure") << QStringLiteral("main.main.func1") << QStringLiteral("main");
    QTest::newRow("go value method")
        << QStringLiteral("main.Handler.ServeHTTP") << QStringLiteral("main");
    QTest::newRow("go module")
        << QStringLiteral("github.com/prometheus/client_golang/prometheus.(*Registry).Gather")
        << QStringLiteral("github.com/prometheus/client_golang/prometheus");
    QTest::newRow("go major version") << QStringLiteral("github.com/go-chi/chi/v5.(*Mux).ServeHTTP")
                                      << QStringLiteral("github.com/go-chi/chi/v5");
    QTest::newRow("go gopkg.in version") << QStringLiteral("gopkg.in/yaml.v3.(*decoder).unmarshal")
                                         << QStringLiteral("gopkg.in/yaml.v3");
    QTest::newRow("go generic") << QStringLiteral("example.com/lib/cache.(*LRU[...]).Get")
                                << QStringLiteral("example.com/lib/cache");
    QTest::newRow("go generic with a path in the type argument")
        << QStringLiteral("slices.SortFunc[go.shape.[]net/netip.Addr]") << QStringLiteral("slices");
    QTest::newRow("go internal") << QStringLiteral("internal/poll.(*FD).Read")
                                 << QStringLiteral("internal/poll");
    // Java (async-profiler, JFR).
    QTest::newRow("java method") << QStringLiteral("com.foo.Bar.baz") << QStringLiteral("com.foo");
    QTest::newRow("java jdk") << QStringLiteral("java.util.concurrent.ThreadPoolExecutor.runWorker")
                              << QStringLiteral("java.util.concurrent");
    QTest::newRow("java inner class")
        << QStringLiteral("org.apache.kafka.clients.consumer.KafkaConsumer$1.run")
        << QStringLiteral("org.apache.kafka.clients.consumer");
    QTest::newRow("java constructor") << QStringLiteral("io.netty.buffer.PooledByteBuf.<init>")
                                      << QStringLiteral("io.netty.buffer");
    QTest::newRow("java signature")
        << QStringLiteral("com.foo.Bar.baz(Ljava/lang/String;)V") << QStringLiteral("com.foo");
    QTest::newRow("java lambda hidden class")
        << QStringLiteral("com.foo.Bar$$Lambda$123/0x0000000800c0b440.run")
        << QStringLiteral("com.foo");
    QTest::newRow("jvm slash form")
        << QStringLiteral("java/util/HashMap.get") << QStringLiteral("java/util");
    // C++ and Rust.
    QTest::newRow("c++ std") << QStringLiteral("std::vector<int>::push_back")
                             << QStringLiteral("std");
    QTest::newRow("c++ libc++ inline namespace")
        << QStringLiteral(
               "std::__1::basic_string<char, std::__1::char_traits<char>>::append(char const*)")
        << QStringLiteral("std");
    QTest::newRow("c++ namespace")
        << QStringLiteral("absl::container_internal::raw_hash_set<>::resize(unsigned long)")
        << QStringLiteral("absl");
    QTest::newRow("c++ template argument with namespaces")
        << QStringLiteral("Foo<bar::Baz>::run()") << QStringLiteral("Foo");
    QTest::newRow("c++ operator<")
        << QStringLiteral("geo::operator<(geo::Point const&, geo::Point const&)")
        << QStringLiteral("geo");
    QTest::newRow("rust") << QStringLiteral("tokio::runtime::task::harness::poll_future")
                          << QStringLiteral("tokio");
    QTest::newRow("c function") << QStringLiteral("memcpy") << QString();
    QTest::newRow("c++ free function with arguments")
        << QStringLiteral("operator new(unsigned long)") << QString();
    // Python and JavaScript.
    QTest::newRow("python module file")
        << QStringLiteral("module.py:func") << QStringLiteral("module");
    QTest::newRow("python package file")
        << QStringLiteral("app/views/orders.py:list_orders") << QStringLiteral("app/views");
    QTest::newRow("python site-packages")
        << QStringLiteral("/usr/lib/python3/dist-packages/requests/sessions.py:request")
        << QStringLiteral("requests");
    QTest::newRow("python dotted") << QStringLiteral("pkg.mod.func") << QStringLiteral("pkg");
    QTest::newRow("js file") << QStringLiteral("lib/x.js:fn") << QStringLiteral("lib");
    QTest::newRow("js node_modules")
        << QStringLiteral("/srv/app/node_modules/express/lib/router/index.js:handle")
        << QStringLiteral("express");
    QTest::newRow("js scoped package")
        << QStringLiteral("node_modules/@grpc/grpc-js/build/src/server.js:onStreamData")
        << QStringLiteral("@grpc/grpc-js");
    QTest::newRow("typescript") << QStringLiteral("src/db/pool.ts:acquire")
                                << QStringLiteral("src/db");
    // Placeholders.
    QTest::newRow("unknown") << QStringLiteral("<unknown>") << QString();
    QTest::newRow("binary") << QStringLiteral("[libc.so.6]") << QString();
    QTest::newRow("empty") << QString() << QString();
  }

  void package() {
    QFETCH(QString, name);
    QFETCH(QString, package);
    QCOMPARE(QString::fromStdString(packageOfFunction(name.toStdString())), package);
  }
};

QTEST_GUILESS_MAIN(TestFunctionPackage)
#include "tst_function_package.moc"
