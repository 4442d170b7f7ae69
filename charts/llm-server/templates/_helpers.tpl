{{/* Names and labels shared by every object of the release. */}}

{{- define "llm-server.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "llm-server.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "llm-server.labels" -}}
{{ include "llm-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
llm-router/model: {{ .Values.model.name | quote }}
{{- end -}}

{{/* The model's file on the volume: model.file, or the last segment of model.uri. */}}
{{- define "llm-server.modelFile" -}}
{{- .Values.model.file | default (base .Values.model.uri) -}}
{{- end -}}

{{/* Only http(s) models can be fetched (models/tiny-random-llama.yaml is generated locally, not downloadable). */}}
{{- define "llm-server.modelUri" -}}
{{- $uri := required "model.uri is required: copy gguf.uri from models/<name>.yaml" .Values.model.uri -}}
{{- if not (or (hasPrefix "https://" $uri) (hasPrefix "http://" $uri)) -}}
{{- fail (printf "model.uri must be an http(s) URL the init container can download, got %q" $uri) -}}
{{- end -}}
{{- $uri -}}
{{- end -}}
