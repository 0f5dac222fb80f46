# Source me: make SwiftShader (from Debian's chromium package) available to Dawn,
# the `webgpu` npm package, so WebGPU runs on a machine without a GPU (a software
# adapter: correctness only, never chosen by `auto`).
#
# It *adds* the driver (VK_ADD_DRIVER_FILES, Vulkan loader ≥ 1.3.234) rather than
# replacing the system's list (VK_ICD_FILENAMES), so a real GPU stays visible and
# preferred. Safe to source when the file is absent; changes nothing when you
# already set VK_ICD_FILENAMES or VK_DRIVER_FILES yourself.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  for f in /usr/lib/chromium/vk_swiftshader_icd.json /usr/lib/chromium-browser/vk_swiftshader_icd.json; do
    if [ -f "$f" ]; then
      case ":${VK_ADD_DRIVER_FILES:-}:" in
        *":$f:"*) ;;
        *) export VK_ADD_DRIVER_FILES="${VK_ADD_DRIVER_FILES:+$VK_ADD_DRIVER_FILES:}$f" ;;
      esac
      break
    fi
  done
fi
