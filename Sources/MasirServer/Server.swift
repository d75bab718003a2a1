import Hummingbird
import Logging
import Masir
import Prometheus
