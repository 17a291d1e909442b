#include "model/profiles/profile_writer.h"

#include "model/profiles/profile_store_writer.h"
#include "model/store/source_import_session.h"

namespace sightline {

// Profiles are decoded whole before they are stored, so unlike TraceWriter this writes
// synchronously on the caller's thread.
class ProfileWriter::Impl : public SourceImportSession<ProfileStoreWriter, ProfileWriteStats> {
 public:
  using SourceImportSession::SourceImportSession;
};

ProfileWriter::ProfileWriter(Workspace& workspace, SourceDescription source)
    : m_impl(std::make_unique<Impl>(workspace, source)) {}

ProfileWriter::~ProfileWriter() = default;

Status ProfileWriter::consume(ProfileData&& profile) {
  return write(profile);
}

Status ProfileWriter::write(const ProfileData& profile) {
  return m_impl->write(profile);
}

Status ProfileWriter::finish() {
  return m_impl->finish();
}

void ProfileWriter::abort() {
  m_impl->abort();
}

const ProfileWriteStats& ProfileWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
