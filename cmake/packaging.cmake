# `cmake --install` and the Debian package (cpack -G DEB): the programs, the shipped runbooks
# with their reference images and state rules, the docs and the man page.
include(GNUInstallDirs)

install(TARGETS mksagent webmks-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mksagent/scenarios)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page is generated from the program's own --help texts, so it cannot go stale;
# compressed, as Debian installs man pages.
set(MKS_MAN_PAGE ${CMAKE_BINARY_DIR}/man/mksagent.1)
add_custom_command(
  OUTPUT ${MKS_MAN_PAGE}.gz
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/man-page.sh $<TARGET_FILE:mksagent> > ${MKS_MAN_PAGE}
  COMMAND gzip -9nf ${MKS_MAN_PAGE}
  DEPENDS mksagent ${PROJECT_SOURCE_DIR}/scripts/man-page.sh
  COMMENT "Generating the man page from mksagent --help")
add_custom_target(man_page ALL DEPENDS ${MKS_MAN_PAGE}.gz)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/man)
install(FILES ${MKS_MAN_PAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mksagent)
set(CPACK_PACKAGE_VENDOR "mksagent developers")
set(CPACK_PACKAGE_CONTACT "mksagent developers <mksagent@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Drives and records VM consoles without a browser: VMware WebMKS (tickets from vCenter), "
    "VNC and RFB over WebSocket; Lua runbooks, OCR, video recordings with an event log, "
    "fleet sweeps.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_STRIP_FILES ON)
# Libraries the programs link are found by dpkg-shlibdeps. Those opened with dlopen on first
# use (OpenSSL, FFmpeg, tesseract and its English model, libxml2) and the console fonts are
# named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libssl3, libavformat59, libavcodec59, libavutil57, libswscale6, libtesseract5, tesseract-ocr-eng, libxml2, console-setup-linux")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ffmpeg, seabios")
include(CPack)
