#pragma once

// Checks shared by the call tree blob tests of the model (hand-written profiles) and of the
// importers (the Go fixtures): field-for-field tree equality and the decoder's behaviour on
// damaged blobs.

#include <QtTest>

#include <string>

#include "model/profiles/call_tree.h"
#include "model/profiles/call_tree_blob.h"

namespace sightline::test {

// QCOMPAREs every field of every node; the first difference names the node.
inline void compareCallTrees(const CallTree& actual, const CallTree& expected) {
  QCOMPARE(actual.sampleType.type, expected.sampleType.type);
  QCOMPARE(actual.sampleType.unit, expected.sampleType.unit);
  QCOMPARE(actual.differential, expected.differential);
  QCOMPARE(actual.maxDepth, expected.maxDepth);
  QCOMPARE(actual.names, expected.names);
  QCOMPARE(actual.baseTotals, expected.baseTotals);
  QCOMPARE(actual.baseSelfs, expected.baseSelfs);
  QCOMPARE(actual.nodes.size(), expected.nodes.size());
  for (std::size_t i = 0; i < expected.nodes.size(); ++i) {
    const CallTreeNode& a = actual.nodes[i];
    const CallTreeNode& e = expected.nodes[i];
    const bool same = a.parent == e.parent && a.firstChild == e.firstChild &&
                      a.childCount == e.childCount && a.depth == e.depth && a.name == e.name &&
                      a.total == e.total && a.self == e.self;
    if (!same) {
      QFAIL(qPrintable(QStringLiteral("node %1 differs: parent %2/%3 firstChild %4/%5 "
                                      "childCount %6/%7 depth %8/%9 name %10/%11 total %12/%13 "
                                      "self %14/%15")
                           .arg(i)
                           .arg(a.parent)
                           .arg(e.parent)
                           .arg(a.firstChild)
                           .arg(e.firstChild)
                           .arg(a.childCount)
                           .arg(e.childCount)
                           .arg(a.depth)
                           .arg(e.depth)
                           .arg(a.name)
                           .arg(e.name)
                           .arg(a.total)
                           .arg(e.total)
                           .arg(a.self)
                           .arg(e.self)));
    }
  }
}

// Encodes, decodes and compares.
inline void checkRoundTrip(const CallTree& tree) {
  const std::string blob = encodeCallTree(tree);
  QVERIFY(!blob.empty());
  std::string error;
  const std::optional<CallTree> decoded = decodeCallTree(blob, &error);
  QVERIFY2(decoded, error.c_str());
  QVERIFY(error.empty());
  compareCallTrees(*decoded, tree);
}

// A decoded tree that the views could walk: in-range links, contiguous children.
inline bool isWellFormed(const CallTree& tree) {
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    const CallTreeNode& node = tree.nodes[i];
    if (node.name >= tree.names.size() || (i > 0 && node.parent >= i) ||
        (node.childCount > 0 &&
         (node.firstChild <= i ||
          node.firstChild + std::uint64_t{node.childCount} > tree.nodes.size()))) {
      return false;
    }
  }
  return true;
}

// Every prefix of the blob and (for blobs up to `maxFlipBytes`) every single-bit flip:
// the decoder must refuse with a message, or (rarely, for a flip the checksum cannot see,
// such as in the version byte's unused bits) give a well-formed tree. Never crash.
inline void checkDamagedBlobs(const std::string& blob, std::size_t maxFlipBytes = 4096) {
  for (std::size_t size = 0; size < blob.size(); ++size) {
    std::string error;
    const std::optional<CallTree> decoded =
        decodeCallTree(std::string_view(blob).substr(0, size), &error);
    QVERIFY2(!decoded, qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(size)));
    QVERIFY(!error.empty());
  }
  std::size_t refused = 0;
  std::size_t flips = 0;
  const std::size_t bytes = std::min(blob.size(), maxFlipBytes);
  for (std::size_t at = 0; at < bytes; ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = blob;
      damaged[at] = static_cast<char>(damaged[at] ^ (1 << bit));
      std::string error;
      const std::optional<CallTree> decoded = decodeCallTree(damaged, &error);
      ++flips;
      if (!decoded) {
        QVERIFY(!error.empty());
        ++refused;
      } else {
        QVERIFY2(isWellFormed(*decoded), qPrintable(QStringLiteral("flip at %1").arg(at)));
      }
    }
  }
  // The frame checksum catches nearly all of them.
  QVERIFY2(refused * 100 >= flips * 95,
           qPrintable(QStringLiteral("%1 of %2 flips refused").arg(refused).arg(flips)));
}

}  // namespace sightline::test
