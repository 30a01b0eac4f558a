#include "core/weights/internal/TorchCheckpoint.h"

#include <caffe2/serialize/inline_container.h>

#include <fstream>
#include <map>

#include "core/util/Error.h"
#include "core/util/UserMessage.h"
#include "core/weights/internal/MappedFile.h"
#include "core/weights/internal/RestrictedUnpickler.h"

namespace tl::internal {
namespace {

using Kind = PickleValue::Kind;

/// The first pickle of a legacy file: 0x1950a86a20f9469cfc6c as a little-endian LONG1.
constexpr std::string_view kLegacyMagic{"\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10};
constexpr std::int64_t kLegacyProtocolVersion = 1001;

std::string damaged(const std::string& source, const std::string& what) {
    return source + " is damaged or not a PyTorch weights file: " + what;
}

/// The legacy format's raw storages: after the key list, per key an int64 count and the bytes.
std::map<std::string, std::string_view> locateLegacyStorages(const PickleDocument& doc, const PickleDocument& keys,
                                                             std::string_view rest, const std::string& source) {
    std::map<std::string, StorageType> types;
    for (const auto& storage : doc.storages) {
        const auto [it, inserted] = types.emplace(storage.key, storage.type);
        if (!inserted && it->second != storage.type)
            throw Error(damaged(source, "storage " + storage.key + " has two types"));
    }
    if (!keys.root.is(Kind::List)) throw Error(damaged(source, "the storage key list is missing"));
    std::map<std::string, std::string_view> located;
    std::size_t pos = 0;
    for (const auto& key : keys.sequences[keys.root.index]) {
        if (!key.is(Kind::String)) throw Error(damaged(source, "a storage key is not a string"));
        const auto type = types.find(key.text());
        if (type == types.end()) throw Error(damaged(source, "storage " + key.text() + " is listed but never used"));
        if (rest.size() - pos < 8) throw Error(damaged(source, "the file ends before storage " + key.text()));
        std::uint64_t count = 0;
        for (int i = 0; i < 8; ++i)
            count |= static_cast<std::uint64_t>(static_cast<unsigned char>(rest[pos + i])) << (8 * i);
        pos += 8;
        const auto size = elementSize(type->second);
        if (count > (rest.size() - pos) / size)
            throw Error(damaged(source, "the file ends inside storage " + key.text()));
        located[key.text()] = rest.substr(pos, count * size);
        pos += count * size;
    }
    return located;
}

}  // namespace

bool looksLikeZip(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    char head[4] = {};
    in.read(head, sizeof head);
    return in.gcount() == 4 && std::string_view(head, 4) == std::string_view("PK\x03\x04", 4);
}

struct TorchCheckpoint::Container {
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> zip;
    std::unique_ptr<MappedFile> mapped;
    std::map<std::string, std::string_view> legacyStorages;  ///< views into `mapped`
};

TorchCheckpoint::TorchCheckpoint(const std::filesystem::path& file)
    : source_(file.string()), container_(std::make_unique<Container>()) {
    if (looksLikeZip(file)) {
        openZip(file);
    } else {
        openLegacy(file);
    }
    entries_ = listStateDict(doc_, source_);
}

TorchCheckpoint::~TorchCheckpoint() = default;

void TorchCheckpoint::openZip(const std::filesystem::path& file) {
    try {
        container_->zip = std::make_unique<caffe2::serialize::PyTorchStreamReader>(file.string());
        auto& reader = *container_->zip;
        if (!reader.hasRecord("data.pkl")) throw Error(damaged(source_, "the archive has no data.pkl"));
        if (reader.hasRecord("byteorder")) {
            const auto [order, size] = reader.getRecord("byteorder");
            if (std::string_view(static_cast<const char*>(order.get()), size) != "little") {
                throw Error(source_ + " was written on a big-endian machine, which is not supported");
            }
        }
        const auto [pickle, size] = reader.getRecord("data.pkl");
        doc_ = RestrictedUnpickler(std::string_view(static_cast<const char*>(pickle.get()), size), source_).load();
    } catch (const c10::Error& zipError) {
        throw Error(damaged(source_, userMessage(zipError)));
    }
}

void TorchCheckpoint::openLegacy(const std::filesystem::path& file) {
    container_->mapped = std::make_unique<MappedFile>(file);
    const auto bytes = container_->mapped->bytes();
    std::size_t pos = 0;
    const auto next = [&]() {
        RestrictedUnpickler unpickler(bytes.substr(pos), source_);
        auto doc = unpickler.load();
        pos += unpickler.position();
        return doc;
    };
    const auto magic = next();
    if (!magic.root.is(Kind::BigInt) || magic.root.text() != kLegacyMagic) {
        throw Error(source_ + " is not a PyTorch weights file (no torch.save magic number)");
    }
    const auto protocol = next();
    if (!protocol.root.is(Kind::Int) || protocol.root.integer != kLegacyProtocolVersion) {
        throw Error(source_ + " uses an unknown torch.save protocol version");
    }
    const auto systemInfo = next();
    const auto* littleEndian = systemInfo.find(systemInfo.root, "little_endian");
    if (littleEndian != nullptr && littleEndian->is(Kind::Bool) && littleEndian->integer == 0) {
        throw Error(source_ + " was written on a big-endian machine, which is not supported");
    }
    doc_ = next();
    const auto keys = next();
    container_->legacyStorages = locateLegacyStorages(doc_, keys, bytes.substr(pos), source_);
}

std::vector<std::int64_t> TorchCheckpoint::sizes(const TensorEntry& entry) const {
    return doc_.tensors[entry.record].sizes;
}

torch::Tensor TorchCheckpoint::read(const TensorEntry& entry) {
    const auto& record = doc_.tensors[entry.record];
    const auto& key = doc_.storages[record.storage].key;
    if (container_->zip) {
        try {
            const auto name = "data/" + key;
            if (!container_->zip->hasRecord(name)) throw Error(damaged(source_, "the archive lacks storage " + name));
            const auto [data, size] = container_->zip->getRecord(name);
            return materialize(doc_, record, source_, std::string_view(static_cast<const char*>(data.get()), size));
        } catch (const c10::Error& zipError) {
            throw Error(damaged(source_, userMessage(zipError)));
        }
    }
    const auto found = container_->legacyStorages.find(key);
    if (found == container_->legacyStorages.end()) throw Error(damaged(source_, "storage " + key + " is missing"));
    return materialize(doc_, record, source_, found->second);
}

std::vector<NamedTensor> readTorchCheckpoint(const std::filesystem::path& file) {
    TorchCheckpoint checkpoint(file);
    std::vector<NamedTensor> tensors;
    for (const auto& entry : checkpoint.entries()) tensors.push_back({entry.name, checkpoint.read(entry)});
    return tensors;
}

}  // namespace tl::internal
