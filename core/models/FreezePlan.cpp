#include "core/models/FreezePlan.h"

#include "core/util/TextList.h"

namespace tl {

std::string describeFreezePlan(const FreezePlan& plan) {
    std::string text;
    switch (plan.base) {
        case FreezePlan::Base::Trainable:
            break;
        case FreezePlan::Base::Frozen:
            text = "the whole base";
            break;
        case FreezePlan::Base::TrainableFrom:
            text = "the base before " + plan.from;
            break;
    }
    if (!plan.frozen.empty()) text += (text.empty() ? "" : ", ") + commaList(plan.frozen);
    if (text.empty()) text = "nothing";
    if (!plan.trainable.empty()) text += " (but " + commaList(plan.trainable) + " train)";
    return text;
}

}  // namespace tl
