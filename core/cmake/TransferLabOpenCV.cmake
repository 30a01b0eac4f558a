# Debian ships OpenCV's CMake package only with the full libopencv-dev (which drags in VTK and
# every contrib module). Core needs three modules, so it finds them directly.
find_path(TRANSFERLAB_OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
add_library(TransferLab::OpenCV INTERFACE IMPORTED GLOBAL)
target_include_directories(TransferLab::OpenCV SYSTEM INTERFACE ${TRANSFERLAB_OPENCV_INCLUDE_DIR})
foreach(module core imgproc imgcodecs)
  find_library(TRANSFERLAB_OPENCV_${module} opencv_${module} REQUIRED)
  target_link_libraries(TransferLab::OpenCV INTERFACE ${TRANSFERLAB_OPENCV_${module}})
endforeach()
